"""Running the four services as real processes: for ``hoptac up`` and the end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from hoptac.infra.processes import terminate

DEFAULT_PORTS = {"api": 8000, "ingest": 8001, "classify": 8002, "notify": 8003}
# Start order: consumers first is not required (they start from the earliest
# offset), but the API last means "API up" implies the pipeline is up.
START_ORDER = ("ingest", "classify", "notify", "api")


class StackError(RuntimeError):
    pass


@dataclass
class ServiceProcess:
    """One service as a child process (``hoptac serve NAME``), logging to a file."""

    name: str
    port: int
    env: Mapping[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hoptac.cli", "serve", self.name, "--port", str(self.port)],
            env={**os.environ, **self.env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until /readyz answers 200 (database and broker reachable), bounded."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise StackError(
                    f"{self.name} exited with {self.process.returncode}; see {self.log_path}:\n{self.log_tail()}"
                )
            try:
                response = httpx.get(f"{self.url}/readyz", timeout=2)
                if response.status_code == 200:
                    return
                last = response.text[:300]
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise StackError(f"{self.name} not ready after {timeout:.0f}s ({last}); see {self.log_path}")

    def stop(self, timeout: float = 25.0) -> int | None:
        """SIGTERM (graceful: finish in-flight work, commit, leave the group), then SIGKILL."""
        if self.process is None:
            return None
        code = terminate(self.process, timeout)
        if self._log is not None:
            self._log.close()
        self.process = None
        return code

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def make_services(
    env: Mapping[str, str], log_dir: Path, ports: Mapping[str, int] = DEFAULT_PORTS
) -> dict[str, ServiceProcess]:
    return {
        name: ServiceProcess(
            name, ports[name], {**env, f"{name.upper()}_PORT": str(ports[name])}, log_dir / f"{name}.log"
        )
        for name in START_ORDER
    }


def start_all(services: Mapping[str, ServiceProcess], timeout: float = 90.0) -> None:
    for service in services.values():
        service.start()
    try:
        for service in services.values():
            service.wait_ready(timeout)
    except BaseException:
        stop_all(services)
        raise


def stop_all(services: Mapping[str, ServiceProcess]) -> None:
    for service in reversed(list(services.values())):
        service.stop()


def post_file(client: httpx.Client, ingest_url: str, path: Path) -> httpx.Response:
    """POST one file to ingest with the content type its extension says."""
    from hoptac.analyze import content_type_for

    return client.post(
        f"{ingest_url}/announcements",
        content=path.read_bytes(),
        headers={"content-type": content_type_for(path), "x-source-filename": path.name},
    )
