#!/usr/bin/env bash
# Debian's PostgreSQL server, for the suite's PostgreSQL runs and for production-like
# local runs. Idempotent: does nothing when initdb is already there.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: PostgreSQL is missing and installing it needs root (apt-get install postgresql)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql > /dev/null
# The package starts a cluster of its own on 5432; HopTac runs its own servers.
service postgresql stop > /dev/null 2>&1 || true
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null
