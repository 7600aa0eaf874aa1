"""The ``hoptac`` command: run services, the whole stack, the broker, and offline analysis.

Every failure ends with one line on stderr saying what was wrong and a non-zero
exit code: 1 for work that failed (a rejected file), 2 for bad usage or
configuration.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, NoReturn

import httpx
import typer

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="HopTac: Hanoi's cooperation agreements, as events."
)
kafka_app = typer.Typer(no_args_is_help=True, help="The local Apache Kafka broker (KRaft, single node).")
app.add_typer(kafka_app, name="kafka")

SERVICES = ("api", "ingest", "classify", "notify")
SAMPLES = Path(__file__).parent / "samples"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"hoptac: {message}", err=True)
    raise typer.Exit(code)


def _data_dir() -> Path:
    return Path(os.environ.get("HOPTAC_DATA_DIR", "data")).resolve()


# ------------------------------------------------------------------ services


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help="api, ingest, classify or notify")],
    port: Annotated[int | None, typer.Option(help="Overrides <SERVICE>_PORT")] = None,
) -> None:
    """Run one service (FastAPI app, its consumer and background work) in this process."""
    if service not in SERVICES:
        fail(f"unknown service '{service}'; choose one of {', '.join(SERVICES)}")
    from importlib import import_module

    import uvicorn
    from pydantic import ValidationError

    module = import_module(f"services.{service}.app")
    settings_module = import_module(f"services.{service}.settings")
    try:
        settings = settings_module.Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        fail(f"invalid configuration for {service}: {'.'.join(map(str, error['loc']))}: {error['msg']}")
    if port is not None:
        settings.port = port
    uvicorn.run(
        module.build_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=20,
    )


@app.command()
def up(
    samples: Annotated[bool, typer.Option(help="Ingest the sample announcements")] = True,
) -> None:
    """Broker + the four services + sample data, in the foreground; Ctrl-C stops all."""
    from hoptac.stack import DEFAULT_PORTS, StackError, make_services, post_file, start_all, stop_all

    data_dir = _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    broker = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if bootstrap:
        typer.echo(f"Using the Kafka cluster at {bootstrap} (KAFKA_BOOTSTRAP_SERVERS); no broker started.")
    else:
        from hoptac.infra.kafka import BrokerError, LocalKafka, ensure_jars

        typer.echo("Starting the local Kafka broker (first run downloads its jars with Maven)...")
        try:
            ensure_jars()
            broker = LocalKafka(data_dir / "kafka", port=9092, controller_port=9093)
            started = time.monotonic()
            broker.start()
        except BrokerError as exc:
            fail(f"cannot start Kafka: {exc}", 1)
        bootstrap = broker.bootstrap
        typer.echo(f"Kafka ready at {bootstrap} in {time.monotonic() - started:.1f}s")

    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "HOPTAC_DATA_DIR": str(data_dir)}
    ports = {name: int(os.environ.get(f"{name.upper()}_PORT", port)) for name, port in DEFAULT_PORTS.items()}
    services = make_services(env, data_dir / "logs", ports)
    stopping = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        typer.echo("Starting ingest, classify, notify and api...")
        start_all(services)
        if samples:
            with httpx.Client(timeout=30) as client:
                for path in sorted(SAMPLES.glob("*.txt")):
                    response = post_file(client, services["ingest"].url, path)
                    typer.echo(
                        f"  sample {path.name}: {response.status_code} {response.json().get('id', '')}"
                    )
                deadline = time.monotonic() + 60
                agreements: list[object] = []
                while time.monotonic() < deadline and len(agreements) < 5 and not stopping.is_set():
                    agreements = client.get(f"{services['api'].url}/agreements").json()
                    time.sleep(0.3)
                typer.echo(f"  {len(agreements)} agreements consolidated")
        typer.echo(
            f"HopTac is running. API: {services['api'].url}/agreements  (logs in {data_dir / 'logs'}; Ctrl-C stops)"
        )
        while not stopping.is_set():
            for service in services.values():
                if service.process is not None and service.process.poll() is not None:
                    raise StackError(f"{service.name} exited; see {service.log_path}:\n{service.log_tail()}")
            stopping.wait(1.0)
    except StackError as exc:
        typer.echo(f"hoptac: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        typer.echo("Stopping services...")
        stop_all(services)
        if broker is not None:
            broker.stop()
        typer.echo("Stopped.")


# ------------------------------------------------------------------ files


@app.command()
def analyze(
    files: Annotated[list[Path], typer.Argument(help="Announcement files: .txt, .html, .pdf")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file, in order")] = False,
    explain_tags: Annotated[bool, typer.Option("--explain", help="Each tag with its evidence")] = False,
) -> None:
    """Parse and classify files offline, with the services' own code."""
    from hoptac.analyze import IngestError, analyze_file, explain

    failures = 0
    for path in files:
        try:
            result = analyze_file(path)
        except (OSError, IngestError) as exc:
            failures += 1
            typer.echo(f"hoptac: {path}: {exc}", err=True)
            if as_json:
                typer.echo(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
            continue
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))
        if explain_tags or not as_json:
            typer.echo(explain(result))
    if failures:
        raise typer.Exit(1)


def _collect(paths: list[Path]) -> list[Path]:
    suffixes = {".txt", ".html", ".htm", ".pdf", ".jsonl"}
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        elif path.is_file():
            found.append(path)
        else:
            fail(f"{path}: no such file or folder")
    return found


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (.txt, .html, .pdf, .jsonl)")],
    url: Annotated[
        str, typer.Option(envvar="INGEST_URL", help="The ingest service")
    ] = "http://127.0.0.1:8001",
) -> None:
    """Send files to the ingest service: the same path as an HTTP post."""
    from tqdm import tqdm

    from hoptac.stack import post_file

    files = _collect(paths)
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    reasons: list[str] = []
    with httpx.Client(timeout=60) as client:
        try:
            client.get(f"{url}/healthz")
        except httpx.HTTPError as exc:
            fail(f"ingest service not reachable at {url}: {exc}", 1)
        for path in tqdm(files, unit="file", disable=not sys.stderr.isatty()):
            if path.suffix.lower() == ".jsonl":
                _ingest_jsonl(client, url, path, counts, reasons)
                continue
            response = post_file(client, url, path)
            _count(response, str(path), counts, reasons)
    typer.echo(
        f"taken in: {counts['accepted']}, already known: {counts['duplicate']}, rejected: {counts['rejected']}"
    )
    for reason in reasons:
        typer.echo(f"  rejected {reason}")
    if counts["rejected"]:
        raise typer.Exit(1)


def _count(response: httpx.Response, label: str, counts: dict[str, int], reasons: list[str]) -> None:
    if response.status_code == 202:
        counts["accepted"] += 1
    elif response.status_code == 200:
        counts["duplicate"] += 1
    else:
        counts["rejected"] += 1
        try:
            problem = response.json()
            reasons.append(f"{label}: {problem.get('detail') or problem.get('title')}")
        except ValueError:
            reasons.append(f"{label}: HTTP {response.status_code}")


def _ingest_jsonl(
    client: httpx.Client, url: str, path: Path, counts: dict[str, int], reasons: list[str]
) -> None:
    """Each line a JSON announcement ({"text"} or {"html"}, ...), sent in batches of 500."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items: list[tuple[int, object]] = []
    for number, line in enumerate(lines, 1):
        try:
            items.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            counts["rejected"] += 1
            reasons.append(f"{path}:{number}: invalid JSON ({exc.msg})")
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        response = client.post(f"{url}/announcements:batch", json={"items": [item for _, item in chunk]})
        if response.status_code != 200:
            counts["rejected"] += len(chunk)
            reasons.append(f"{path}: batch refused: {response.json().get('detail')}")
            continue
        for (number, _), result in zip(chunk, response.json()["items"], strict=True):
            status = result["status"]
            counts["duplicate" if status == "duplicate" else status] += 1
            if status == "rejected":
                reasons.append(f"{path}:{number}: {result['error']['detail']}")


@app.command()
def schemas(
    out: Annotated[Path, typer.Option(help="Folder for the JSON Schemas")] = Path("docs/schemas"),
) -> None:
    """Export the JSON Schema of every event type (the topics' contract)."""
    from shared.events import json_schemas

    out.mkdir(parents=True, exist_ok=True)
    for event_type, schema in json_schemas().items():
        target = out / f"{event_type}.schema.json"
        target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        typer.echo(str(target))


# ------------------------------------------------------------------ broker


@kafka_app.command("start")
def kafka_start(port: int = 9092, controller_port: int = 9093) -> None:
    """Start the local broker in the background (no-op if it runs already)."""
    from hoptac.infra.kafka import BrokerError, start_daemon

    try:
        bootstrap = start_daemon(_data_dir(), port=port, controller_port=controller_port)
    except BrokerError as exc:
        fail(str(exc), 1)
    typer.echo(f"Kafka running at {bootstrap}")


@kafka_app.command("stop")
def kafka_stop() -> None:
    """Stop the background broker started by `hoptac kafka start`."""
    from hoptac.infra.kafka import stop_daemon

    typer.echo("stopped" if stop_daemon(_data_dir()) else "not running")


@kafka_app.command("status")
def kafka_status() -> None:
    """Whether the background broker runs, and where."""
    from hoptac.infra.kafka import daemon_status

    status = daemon_status(_data_dir())
    typer.echo(json.dumps(status, default=str))
    if not status.get("running"):
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
