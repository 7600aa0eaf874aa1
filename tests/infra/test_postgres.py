"""A real PostgreSQL server from Debian's package, run by LocalPostgres."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from hoptac.infra.kafka import free_port
from hoptac.infra.postgres import INSTALL_SCRIPT, LocalPostgres, ensure_installed

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def workdir() -> Iterator[Path]:
    # Not pytest's tmp_path: that tree is private to root and the server runs as postgres.
    path = Path(tempfile.mkdtemp(prefix="hoptac-pg-test-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _dsn(server: LocalPostgres) -> str:
    return server.url.replace("postgresql+asyncpg://", "postgresql://")


def test_binaries_are_installed() -> None:
    bin_dir = ensure_installed()
    assert (bin_dir / "initdb").exists()
    assert (bin_dir / "pg_ctl").exists()


async def test_serves_the_hoptac_database_and_keeps_data_across_restarts(workdir: Path) -> None:
    port = free_port()
    server = LocalPostgres(workdir, port=port)
    assert server.url == f"postgresql+asyncpg://postgres@127.0.0.1:{port}/hoptac"
    started = time.monotonic()
    with server:
        print(f"\npostgres ready in {time.monotonic() - started:.1f}s at {server.url}")  # noqa: T201
        conn = await asyncpg.connect(_dsn(server))
        try:
            assert await conn.fetchval("select 1") == 1
            assert await conn.fetchval("select current_database()") == "hoptac"
            await conn.execute("create table agreement (id serial primary key, partner text not null)")
            await conn.executemany("insert into agreement (partner) values ($1)", [("Huế",), ("Vientiane",)])
            rows = await conn.fetch("select partner from agreement order by id")
            assert [row["partner"] for row in rows] == ["Huế", "Vientiane"]
        finally:
            await conn.close()

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "stop() left the server listening"

    # A second start reuses the initialised cluster and its database.
    with LocalPostgres(workdir, port=port) as again:
        conn = await asyncpg.connect(_dsn(again))
        try:
            assert await conn.fetchval("select count(*) from agreement") == 2
        finally:
            await conn.close()


def test_listens_on_loopback_only(workdir: Path) -> None:
    with LocalPostgres(workdir, port=free_port()) as server:
        config = (workdir / "data" / "postmaster.opts").read_text()
        assert "listen_addresses=127.0.0.1" in config
        assert "fsync=off" in config
        assert server.port == int(server.url.split(":")[-1].split("/")[0])


def test_install_script_is_a_no_op_when_postgres_is_present(tmp_path: Path) -> None:
    ensure_installed()
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    calls = tmp_path / "apt-calls"
    for tool in ("apt-get", "service"):
        script = fake_bin / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> {calls}\n')
        script.chmod(0o755)
    result = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)],
        env={**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not calls.exists(), calls.read_text()
