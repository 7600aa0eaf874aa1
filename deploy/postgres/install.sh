#!/usr/bin/env bash
# Debian's PostgreSQL server, for the suite's PostgreSQL runs and production-like
# local runs (hoptac/infra/postgres.py runs it when no initdb is found).
# Idempotent: does nothing when initdb is already there.
set -euo pipefail
has_initdb() { compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; }
has_initdb && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: PostgreSQL is missing and installing it needs root (apt-get install postgresql)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -q --no-install-recommends postgresql; }
# Refresh the package lists only when they cannot provide the package.
if ! install; then
  apt-get update -q
  install
fi
# The package may start a cluster of its own on 5432; HopTac runs its own servers.
service postgresql stop > /dev/null 2>&1 || true
has_initdb || { echo "install.sh: postgresql installed but no initdb under /usr/lib/postgresql" >&2; exit 1; }
