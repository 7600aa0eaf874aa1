"""A real Apache Kafka broker (KRaft, single node) from Maven Central's jars.

``ensure_jars`` fetches the pinned broker once into a cache outside the clone
(``$HOPTAC_CACHE_DIR`` or ``~/.cache/hoptac``); ``LocalKafka`` formats storage
and runs ``kafka.Kafka`` as a child process, and is ready only when the broker
logged "Kafka Server started" and its port accepts connections.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import IO

from hoptac.infra.processes import terminate

KAFKA_VERSION = "4.1.1"
DEPLOY_DIR = Path(__file__).resolve().parents[2] / "deploy" / "kafka"
READY_LINE = "Kafka Server started"
_COMPLETE_MARKER = ".complete"


class BrokerError(RuntimeError):
    """The broker could not be fetched, started or reached; the message says why."""


def cache_dir() -> Path:
    return Path(os.environ.get("HOPTAC_CACHE_DIR", Path.home() / ".cache" / "hoptac"))


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    candidate = Path(home) / "bin" / "java" if home else None
    found = str(candidate) if candidate and candidate.exists() else shutil.which("java")
    if not found:
        raise BrokerError(
            "java not found: install a JDK 17+ (Debian: openjdk-17-jre-headless) or set JAVA_HOME"
        )
    return found


def ensure_jars() -> Path:
    """The broker's lib dir, fetched with Maven on first use; no Maven run when cached."""
    lib = cache_dir() / "kafka" / KAFKA_VERSION / "lib"
    if (lib / _COMPLETE_MARKER).exists():
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise BrokerError("mvn not found: install Maven (Debian: maven) to fetch the Kafka broker's jars")
    lib.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lib-", dir=lib.parent))
    result = subprocess.run(
        [mvn, "-B", "-q", "-f", str(DEPLOY_DIR / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise BrokerError(f"Maven could not fetch Kafka {KAFKA_VERSION} (exit {result.returncode}):\n{tail}")
    (staging / _COMPLETE_MARKER).write_text(KAFKA_VERSION)
    if lib.exists():  # an incomplete earlier attempt
        shutil.rmtree(lib)
    staging.rename(lib)
    return lib


# Ports this process has handed out: the OS may give a just-released port again, and two
# calls in a row (a broker's listener and its controller) must not get the same one.
_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port free on 127.0.0.1 now, never one this process has handed out before."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _cluster_id() -> str:
    # Passed as --cluster-id=ID: one id in 64 starts with "-", which the tool's
    # argument parser would otherwise read as an option.
    # Kafka's own Uuid.toString(): URL-safe base64 of 16 bytes, unpadded.
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


class LocalKafka:
    """A broker+controller on 127.0.0.1 whose data and log live in ``workdir``."""

    def __init__(
        self, workdir: Path, port: int = 9092, controller_port: int = 9093, heap: str = "512m"
    ) -> None:
        self.workdir = Path(workdir).resolve()
        self.port = port
        self.controller_port = controller_port
        self.heap = heap
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "broker.log"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def _jvm(self, lib: Path, heap: str) -> list[str]:
        return [
            _java(), f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={DEPLOY_DIR / 'log4j2.yaml'}", f"-Dkafka.logs.dir={self.workdir}",
            "-cp", f"{lib}/*",
        ]  # fmt: skip

    def _write_config(self) -> Path:
        template = (DEPLOY_DIR / "server.properties.template").read_text()
        values = {
            "port": self.port,
            "controller_port": self.controller_port,
            "log_dirs": self.workdir / "data",
        }
        filled = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)
        config = self.workdir / "server.properties"
        config.write_text(filled)
        return config

    def start(self, timeout: float = 60.0, detach: bool = False) -> None:
        """Format (first time) and start; returns once the broker serves."""
        lib = ensure_jars()
        self.workdir.mkdir(parents=True, exist_ok=True)
        for port in (self.port, self.controller_port):
            if _port_open(port):
                raise BrokerError(f"port {port} on 127.0.0.1 is already in use")
        config = self._write_config()
        if not (self.workdir / "data" / "meta.properties").exists():
            fmt = subprocess.run(
                [*self._jvm(lib, "256m"), "kafka.tools.StorageTool", "format", "--standalone",
                 f"--cluster-id={_cluster_id()}", "-c", str(config)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if fmt.returncode != 0:
                raise BrokerError(
                    f"formatting KRaft storage failed: {(fmt.stdout + fmt.stderr).strip()[-1500:]}"
                )
        start_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [*self._jvm(lib, self.heap), "kafka.Kafka", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # detached: its own session, so the terminal's Ctrl-C and our exit leave it running
            start_new_session=detach,
        )
        self._wait_ready(start_offset, timeout)
        if detach:  # the child holds its own descriptor of the log
            self._log.close()
            self._log = None

    def _wait_ready(self, offset: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                code = self.process.returncode
                self.stop()
                raise BrokerError(f"the broker exited with {code} while starting:\n{self.log_tail()}")
            with self.log_path.open("rb") as log:
                log.seek(offset)
                started = READY_LINE.encode() in log.read()
            if started and _port_open(self.port):
                return
            time.sleep(0.1)
        self.stop()
        raise BrokerError(f"the broker was not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (a controlled shutdown), SIGKILL if it does not finish in time."""
        if self.process is not None:
            terminate(self.process, timeout)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no broker log)"

    def __enter__(self) -> LocalKafka:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


# ------------------------------------------------------------- `hoptac kafka`


def _pid_file(data_dir: Path) -> Path:
    return data_dir / "kafka" / "broker.pid"


def _configured_port(workdir: Path) -> int | None:
    # The daemon's own server.properties is the record of which port it serves.
    try:
        text = (workdir / "server.properties").read_text()
    except OSError:
        return None
    match = re.search(r"^listeners=PLAINTEXT://127\.0\.0\.1:(\d+)", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_daemon(data_dir: Path, port: int = 9092, controller_port: int = 9093) -> str:
    """A broker that outlives this process (data and log in data_dir/kafka); a running one is reused."""
    status = daemon_status(data_dir)
    if status["running"]:
        return str(status["bootstrap"])
    broker = LocalKafka(data_dir / "kafka", port=port, controller_port=controller_port)
    broker.start(detach=True)
    assert broker.pid is not None
    _pid_file(data_dir).write_text(f"{broker.pid}\n")
    return broker.bootstrap


def _daemon_pid(data_dir: Path) -> int | None:
    try:
        return int(_pid_file(data_dir).read_text().strip())
    except (OSError, ValueError):
        return None


def stop_daemon(data_dir: Path, timeout: float = 30.0) -> bool:
    """SIGTERM the background broker (SIGKILL after timeout); False if none was running."""
    pid = _daemon_pid(data_dir)
    _pid_file(data_dir).unlink(missing_ok=True)
    if pid is None or not _alive(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    return True


def daemon_status(data_dir: Path) -> dict[str, object]:
    """running (its pid lives and its port answers), pid, bootstrap, log, version."""
    workdir = data_dir / "kafka"
    pid = _daemon_pid(data_dir)
    port = _configured_port(workdir)
    running = pid is not None and port is not None and _alive(pid) and _port_open(port)
    return {
        "running": running,
        "pid": pid,
        "bootstrap": f"127.0.0.1:{port}" if port is not None else None,
        "log": str(workdir / "broker.log"),
        "version": KAFKA_VERSION,
    }
