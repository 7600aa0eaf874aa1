"""The real broker from Maven Central's jars: lifecycle, a produce/consume round
trip with aiokafka, the jar cache and the daemon helpers behind `hoptac kafka`."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import UnknownTopicOrPartitionError

from hoptac.infra import kafka
from hoptac.infra.kafka import (
    KAFKA_VERSION,
    BrokerError,
    LocalKafka,
    daemon_status,
    ensure_jars,
    free_port,
    start_daemon,
    stop_daemon,
)

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[LocalKafka]:
    ensure_jars()
    local = LocalKafka(tmp_path / "kafka", port=free_port(), controller_port=free_port())
    started = time.monotonic()
    local.start()
    # reported, not asserted: start time depends on the machine's load
    print(f"\nbroker {KAFKA_VERSION} ready in {time.monotonic() - started:.1f}s at {local.bootstrap}")  # noqa: T201
    try:
        yield local
    finally:
        local.stop()


async def test_round_trip_with_consumer_group_and_manual_commit(broker: LocalKafka) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic("infra.roundtrip", num_partitions=3, replication_factor=1)])
        described: list[dict[str, Any]] = await admin.describe_topics(["infra.roundtrip"])
    finally:
        await admin.close()
    assert len(described[0]["partitions"]) == 3

    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for i in range(5):
            # one key: every record on one partition, so the committed offset is 5
            await producer.send_and_wait("infra.roundtrip", f"value-{i}".encode(), key=b"hanoi")
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        "infra.roundtrip",
        bootstrap_servers=broker.bootstrap,
        group_id="infra-test",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        received: list[tuple[int, bytes]] = []
        deadline = time.monotonic() + 60
        while len(received) < 5 and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=1000)
            for records in batches.values():
                received.extend((r.partition, r.value) for r in records if r.value is not None)
        assert [value for _, value in received] == [f"value-{i}".encode() for i in range(5)]
        partition = TopicPartition("infra.roundtrip", received[0][0])
        await consumer.commit()
        assert await consumer.committed(partition) == 5
    finally:
        await consumer.stop()

    # A new member of the same group resumes after the commit: nothing left to read.
    again = AIOKafkaConsumer(
        "infra.roundtrip", bootstrap_servers=broker.bootstrap, group_id="infra-test", enable_auto_commit=False
    )
    await again.start()
    try:
        assert await again.committed(partition) == 5
        assert await again.getmany(timeout_ms=1500) == {}
    finally:
        await again.stop()


async def test_topics_are_never_created_implicitly(broker: LocalKafka) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, request_timeout_ms=3000)
    await producer.start()
    try:
        with pytest.raises(UnknownTopicOrPartitionError):
            await producer.send_and_wait("infra.never-declared", b"x")
    finally:
        await producer.stop()
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap)
    await admin.start()
    try:
        assert "infra.never-declared" not in await admin.list_topics()
    finally:
        await admin.close()


def test_stop_ends_the_process_and_frees_the_port(broker: LocalKafka) -> None:
    assert broker.pid is not None
    pid = broker.pid
    broker.stop()
    assert broker.pid is None
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", broker.port)) != 0


def test_broker_that_dies_at_start_reports_its_log(tmp_path: Path) -> None:
    ensure_jars()
    with socket.socket() as squatter:
        # bound but not listening: the pre-flight check sees a closed port, the broker fails to bind
        squatter.bind(("127.0.0.1", 0))
        taken = squatter.getsockname()[1]
        local = LocalKafka(tmp_path / "kafka", port=taken, controller_port=free_port())
        with pytest.raises(BrokerError) as raised:
            local.start(timeout=90)
    message = str(raised.value)
    assert "exited" in message
    assert "bind" in message.lower() or "address already in use" in message.lower()
    assert local.pid is None


def test_warm_cache_returns_without_running_maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = tmp_path / "kafka" / KAFKA_VERSION / "lib"
    lib.mkdir(parents=True)
    (lib / ".complete").write_text(KAFKA_VERSION)
    monkeypatch.setenv("HOPTAC_CACHE_DIR", str(tmp_path))

    def no_maven(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"Maven ran on a warm cache: {args}")

    monkeypatch.setattr(subprocess, "run", no_maven)
    assert ensure_jars() == lib


def test_real_cache_is_complete() -> None:
    lib = ensure_jars()
    names = {jar.name for jar in lib.glob("*.jar")}
    assert f"kafka_2.13-{KAFKA_VERSION}.jar" in names
    assert any(name.startswith("log4j-core-") for name in names)
    assert any(name.startswith("log4j-slf4j-impl-") for name in names)
    assert lib.parent.parent.parent == kafka.cache_dir()


def test_missing_maven_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOPTAC_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BrokerError, match="mvn not found"):
        ensure_jars()


def test_maven_failure_carries_its_output_and_leaves_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "pom.xml").write_text("<project><not-closed>")
    monkeypatch.setattr(kafka, "DEPLOY_DIR", deploy)
    monkeypatch.setenv("HOPTAC_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(BrokerError, match="Maven could not fetch") as raised:
        ensure_jars()
    assert "pom.xml" in str(raised.value) or "parse" in str(raised.value).lower()
    version_dir = tmp_path / "cache" / "kafka" / KAFKA_VERSION
    assert not (version_dir / "lib").exists()
    assert list(version_dir.iterdir()) == []  # the staging dir is gone too


def test_daemon_outlives_its_starter_and_is_reused(tmp_path: Path) -> None:
    port = free_port()
    assert daemon_status(tmp_path)["running"] is False
    try:
        # a separate interpreter: the broker must survive that process's exit
        started = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from hoptac.infra.kafka import start_daemon; "
                "print(start_daemon(Path(sys.argv[1]), port=int(sys.argv[2]), controller_port=int(sys.argv[3])))",
                str(tmp_path),
                str(port),
                str(free_port()),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert started.returncode == 0, started.stderr[-2000:]
        assert started.stdout.strip() == f"127.0.0.1:{port}"
        status = daemon_status(tmp_path)
        assert status["running"] is True
        assert status["bootstrap"] == f"127.0.0.1:{port}"
        assert status["version"] == KAFKA_VERSION
        assert Path(str(status["log"])).exists()
        pid = status["pid"]
        assert (tmp_path / "kafka" / "broker.pid").read_text().strip() == str(pid)
        # already running: the same broker, not a second one
        assert start_daemon(tmp_path, port=free_port()) == f"127.0.0.1:{port}"
        assert daemon_status(tmp_path)["pid"] == pid
    finally:
        stopped = stop_daemon(tmp_path)
    assert stopped is True
    assert daemon_status(tmp_path)["running"] is False
    assert stop_daemon(tmp_path) is False


# What only a container network changes; every other broker setting must match.
_CONTAINER_ONLY = {"listeners", "advertised.listeners", "controller.quorum.voters", "log.dirs"}
_LOOPBACK_ONLY = {"listeners", "advertised.listeners", "controller.quorum.bootstrap.servers", "log.dirs"}


def test_docker_compose_runs_the_same_broker_settings() -> None:
    template = (kafka.DEPLOY_DIR / "server.properties.template").read_text()
    local = dict(line.split("=", 1) for line in template.splitlines() if line and not line.startswith("#"))
    compose = yaml.safe_load((kafka.DEPLOY_DIR.parents[1] / "docker-compose.yml").read_text())
    broker = compose["services"]["kafka"]
    assert broker["image"] == f"apache/kafka:{KAFKA_VERSION}"
    container = {
        key.removeprefix("KAFKA_").lower().replace("_", "."): str(value).lower()
        for key, value in broker["environment"].items()
        if key.startswith("KAFKA_")
    }
    shared = {key: value.lower() for key, value in local.items() if key not in _LOOPBACK_ONLY}
    assert {key: container.get(key) for key in shared} == shared
    assert set(container) - set(shared) == _CONTAINER_ONLY
    advertised = container["advertised.listeners"].removeprefix("plaintext://")
    for name in ("api", "ingest", "classify", "notify"):
        assert compose["services"][name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == advertised


def test_a_cluster_id_starting_with_a_dash_still_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One random id in 64 starts with "-": the storage tool must not read it as an option.
    monkeypatch.setattr(kafka, "_cluster_id", lambda: "-Q8nV2bPRWqGZQe0TQy3uA")
    broker = kafka.LocalKafka(tmp_path / "kafka", port=kafka.free_port(), controller_port=kafka.free_port())
    broker.start()
    try:
        assert (tmp_path / "kafka" / "data" / "meta.properties").read_text().count(
            "-Q8nV2bPRWqGZQe0TQy3uA"
        ) == 1
    finally:
        broker.stop()


def test_free_port_never_hands_out_the_same_port_twice() -> None:
    # The OS often gives a just-released port again; a broker's listener and controller
    # asked one after the other must still differ (a collision failed a CI run).
    ports = [free_port() for _ in range(200)]
    assert len(set(ports)) == len(ports)
