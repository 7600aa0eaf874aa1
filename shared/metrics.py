"""Prometheus metrics shared by the plumbing; services add their own beside their code.

Each service is its own process, so the default registry is per service.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

EVENTS_PUBLISHED = Counter("hoptac_events_published_total", "Events acknowledged by Kafka", ["topic"])
EVENTS_CONSUMED = Counter(
    "hoptac_events_consumed_total",
    "Events consumed, by outcome (handled, dead_lettered)",
    ["group", "topic", "outcome"],
)
DEAD_LETTERS = Counter(
    "hoptac_dead_letters_total", "Messages moved to a dead-letter topic", ["group", "reason"]
)
HANDLER_RETRIES = Counter(
    "hoptac_handler_retries_total", "Handler attempts that failed and were retried", ["group"]
)
HANDLER_SECONDS = Histogram("hoptac_handler_seconds", "Time spent handling one event", ["group"])
HTTP_REQUESTS = Counter(
    "hoptac_http_requests_total", "HTTP requests served", ["service", "method", "route", "status"]
)
