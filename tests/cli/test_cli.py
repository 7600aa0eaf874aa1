"""The hoptac command as users run it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from hoptac.infra.kafka import LocalKafka, free_port
from tests.paths import SEEDS

HOPTAC = [sys.executable, "-m", "hoptac.cli"]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HOPTAC, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})}
    )


def test_analyze_prints_one_json_object_per_file_in_order() -> None:
    files = sorted(SEEDS.glob("*.txt"))
    result = _run("analyze", "--json", *map(str, files))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["file"]).name for o in lines] == [f.name for f in files]
    first = lines[0]
    assert first["document_number"] == "2265-TB/TU"
    assert first["published_at"] == "2019-10-24T21:31:00+07:00"
    assert first["issued_on"] == "2019-10-22"
    assert {loc["role"] for loc in first["localities"]} >= {"host", "partner"}
    for sector in first["sectors"]:
        assert sector["evidence"], sector["id"]


def test_analyze_explain_shows_the_evidence() -> None:
    result = _run("analyze", "--explain", str(SEEDS / "004_4b381de25149f7a0.txt"))
    assert result.returncode == 0, result.stderr
    assert "partner   hung-yen" in result.stdout
    assert "sector    agriculture" in result.stdout


def test_bad_input_gets_one_line_and_an_exit_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = _run("analyze", "--json", str(empty), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"hoptac: {empty}:")
    assert "No such file" in errors[1]
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [
        str(empty),
        str(tmp_path / "missing.txt"),
    ]

    unknown = _run("serve", "bogus")
    assert unknown.returncode == 2
    assert (
        unknown.stderr.strip()
        == "hoptac: unknown service 'bogus'; choose one of api, ingest, classify, notify"
    )

    bad_config = _run("serve", "ingest", env={"INGEST_MAX_BODY_BYTES": "lots"})
    assert bad_config.returncode == 2
    assert bad_config.stderr.strip().startswith("hoptac: invalid configuration for ingest: max_body_bytes:")

    bad_url = _run("serve", "api", env={"DATABASE_URL": "mysql://x"})
    assert bad_url.returncode == 2
    assert "DATABASE_URL must start with" in bad_url.stderr


def test_schemas_in_docs_match_the_models(tmp_path: Path) -> None:
    result = _run("schemas", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    committed = Path(__file__).resolve().parents[2] / "docs" / "schemas"
    for generated in tmp_path.glob("*.json"):
        assert (committed / generated.name).read_text() == generated.read_text(), (
            f"run `hoptac schemas`: {generated.name}"
        )
    assert len(list(tmp_path.glob("*.json"))) == 3


def test_up_runs_the_pipeline_with_the_samples_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    with LocalKafka(tmp_path / "kafka", port=free_port(), controller_port=free_port()) as broker:
        ports = {name: free_port() for name in ("API", "INGEST", "CLASSIFY", "NOTIFY")}
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
            "HOPTAC_DATA_DIR": str(tmp_path / "data"),
            **{f"{name}_PORT": str(port) for name, port in ports.items()},
        }
        process = subprocess.Popen(
            [*HOPTAC, "up"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert process.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "HopTac is running" in line or not line:
                break
        assert any("HopTac is running" in line for line in lines), "".join(lines)
        assert any("5 agreements consolidated" in line for line in lines), "".join(lines)
        agreements = httpx.get(f"http://127.0.0.1:{ports['API']}/agreements", timeout=10).json()
        assert {a["partner"]["slug"] for a in agreements} == {
            "dong-nai",
            "ha-tinh",
            "vientiane",
            "da-nang",
            "hung-yen",
        }

        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        assert process.returncode == 0, rest
        assert "Stopped." in rest


def test_ingest_imports_files_and_folders_once_with_a_summary(kafka_bootstrap: str, tmp_path: Path) -> None:
    from hoptac.stack import ServiceProcess

    folder = tmp_path / "inbox"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "empty.txt").write_text("  \n")
    third = (SEEDS / "004_4b381de25149f7a0.txt").read_text(encoding="utf-8")
    (folder / "batch.jsonl").write_text(json.dumps({"text": third}) + "\n{broken\n", encoding="utf-8")

    port = free_port()
    ingest = ServiceProcess(
        "ingest",
        port,
        {
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "HOPTAC_DATA_DIR": str(tmp_path / "data"),
            "INGEST_PORT": str(port),
        },
        tmp_path / "ingest.log",
    )
    ingest.start()
    try:
        ingest.wait_ready()
        url = f"http://127.0.0.1:{port}"
        # Already posted over HTTP: the file of the same text is the same announcement.
        posted = httpx.post(
            f"{url}/announcements", json={"text": (SEEDS / "000_d355ec78f3586d46.txt").read_text()}
        )
        assert posted.status_code == 202

        first = _run("ingest", str(folder), "--url", url)
        assert first.returncode == 1  # some files were rejected
        lines = first.stdout.strip().splitlines()
        assert lines[0] == "taken in: 2, already known: 1, rejected: 2"
        assert any("empty.txt" in line for line in lines[1:])
        assert any("batch.jsonl:2: invalid JSON" in line for line in lines[1:])

        again = _run("ingest", str(folder / "001_eb83c2ed4bce341d.txt"), "--url", url)
        assert again.returncode == 0
        assert again.stdout.strip() == "taken in: 0, already known: 1, rejected: 0"
        stored = httpx.get(f"{url}/announcements/{posted.json()['id']}").json()
        assert stored["source_kind"] == "http"  # the first arrival is the record

        missing = _run("ingest", str(tmp_path / "nowhere"), "--url", url)
        assert missing.returncode == 2
        assert missing.stderr.strip() == f"hoptac: {tmp_path / 'nowhere'}: no such file or folder"
    finally:
        ingest.stop()
