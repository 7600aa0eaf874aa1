"""A throw-away PostgreSQL server from Debian's packages, on loopback, for tests
and local production-like runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType

INSTALL_SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "install.sh"


class PostgresError(RuntimeError):
    """PostgreSQL could not be installed, initialised or started; the message says why."""


def ensure_installed() -> Path:
    """The bin dir of initdb/pg_ctl, installing Debian's postgresql when missing."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        result = subprocess.run(["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-10:])
            raise PostgresError(f"{INSTALL_SCRIPT.name} failed (exit {result.returncode}):\n{tail}")
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise PostgresError("PostgreSQL is not installed and deploy/postgres/install.sh did not install it")
    return found[-1].parent


class LocalPostgres:
    """initdb + pg_ctl in ``workdir``, listening on 127.0.0.1:``port`` (trust auth)."""

    def __init__(self, workdir: Path, port: int, fsync: bool = False) -> None:
        self.workdir = Path(workdir).resolve()
        self.port = port
        self.fsync = fsync
        self.bin = ensure_installed()
        self._as_postgres = os.geteuid() == 0  # initdb refuses to run as root

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/hoptac"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self, timeout: float = 60.0) -> None:
        data = self.workdir / "data"
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self._as_postgres:
            shutil.chown(self.workdir, "postgres", "postgres")
            self.workdir.chmod(0o700)
        if not data.exists():
            result = self._run(
                "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
            )
            if result.returncode != 0:
                raise PostgresError(f"initdb failed: {result.stderr.strip()[-1000:]}")
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1"
        if not self.fsync:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        result = self._run(
            "pg_ctl", "-D", str(data), "-l", str(self.workdir / "server.log"), "-o", options, "-w", "start"
        )
        if result.returncode != 0:
            raise PostgresError(f"pg_ctl start failed: {result.stderr.strip()[-1000:]}")
        deadline = time.monotonic() + timeout
        while self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port)).returncode != 0:
            if time.monotonic() > deadline:
                raise PostgresError(f"PostgreSQL not ready on port {self.port} after {timeout:.0f}s")
            time.sleep(0.2)
        exists = self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-tAc",
                           "SELECT 1 FROM pg_database WHERE datname = 'hoptac'")  # fmt: skip
        if exists.stdout.strip() != "1":
            created = self._run(
                "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "hoptac"
            )
            if created.returncode != 0:
                raise PostgresError(f"createdb failed: {created.stderr.strip()}")

    def stop(self) -> None:
        data = self.workdir / "data"
        if data.exists():
            self._run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")

    def __enter__(self) -> LocalPostgres:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
