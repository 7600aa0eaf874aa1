"""Delivering recorded alerts: signed webhooks (Standard Webhooks) and e-mail,
retried with backoff until delivered or given up."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import aiosmtplib
import httpx
import structlog
from prometheus_client import Counter, Histogram
from sqlmodel import col, select
from standardwebhooks.webhooks import Webhook

from services.notify.models import Alert, Subscription
from services.notify.settings import Settings
from shared.runtime import Runtime

log = structlog.get_logger()

DELIVERIES = Counter(
    "notify_deliveries_total", "Delivery attempts, by channel and outcome", ["channel", "outcome"]
)
DELIVERY_SECONDS = Histogram("notify_delivery_seconds", "Time of one delivery attempt", ["channel"])


class DeliveryFailed(Exception):
    pass


def signed_headers(secret: str, message_id: str, body: str, when: datetime) -> dict[str, str]:
    """Standard Webhooks headers for ``body``."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, when, body),
        "content-type": "application/json",
        "user-agent": "HopTac-Notify/1",
    }


class Deliverer:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.wake = asyncio.Event()

    async def run(self, runtime: Runtime) -> None:
        async with httpx.AsyncClient(
            timeout=self._settings.webhook_timeout, follow_redirects=False
        ) as client:
            while not runtime.stop.is_set():
                due = await self._due_alerts(runtime)
                for alert, subscription in due:
                    await self._attempt(runtime, client, alert, subscription)
                if not due:
                    self.wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.wake.wait(), timeout=self._settings.delivery_poll_seconds)

    async def _due_alerts(self, runtime: Runtime) -> list[tuple[Alert, Subscription]]:
        async with runtime.sessions() as session:
            rows = await session.exec(
                select(Alert, Subscription)
                .join(Subscription, col(Subscription.id) == col(Alert.subscription_id))
                .where(col(Alert.status) == "pending", col(Alert.next_attempt_at) <= datetime.now(UTC))
                .order_by(col(Alert.created_at))
                .limit(50)
            )
            return list(rows.all())

    async def _attempt(
        self, runtime: Runtime, client: httpx.AsyncClient, alert: Alert, sub: Subscription
    ) -> None:
        started = asyncio.get_running_loop().time()
        error: str | None = None
        try:
            if sub.channel == "email":
                await self._send_email(alert, sub)
            else:
                await self._send_webhook(client, alert, sub)
        except (DeliveryFailed, httpx.HTTPError, aiosmtplib.SMTPException, OSError) as exc:
            outcome, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        else:
            outcome, error = "delivered", None
        DELIVERY_SECONDS.labels(channel=sub.channel).observe(asyncio.get_running_loop().time() - started)
        async with runtime.sessions() as session:
            fresh = await session.get(Alert, alert.id)
            assert fresh is not None
            fresh.attempts += 1
            now = datetime.now(UTC)
            if outcome == "delivered":
                fresh.status, fresh.delivered_at, fresh.last_error = "delivered", now, None
            else:
                fresh.last_error = error
                if fresh.attempts >= self._settings.max_attempts:
                    fresh.status = "failed"
                    outcome = "given_up"
                else:
                    backoff = min(self._settings.retry_base_seconds * 2 ** (fresh.attempts - 1), 3600.0)
                    fresh.next_attempt_at = now + timedelta(seconds=backoff)
            session.add(fresh)
            await session.commit()
        DELIVERIES.labels(channel=sub.channel, outcome=outcome).inc()
        log.info(
            "alert_delivery", alert_id=alert.id, outcome=outcome, attempts=alert.attempts + 1, error=error
        )

    async def _send_webhook(self, client: httpx.AsyncClient, alert: Alert, sub: Subscription) -> None:
        assert sub.url is not None
        headers = signed_headers(sub.secret, alert.id, alert.payload, datetime.now(UTC))
        response = await client.post(sub.url, content=alert.payload.encode(), headers=headers)
        if not 200 <= response.status_code < 300:
            raise DeliveryFailed(f"receiver answered {response.status_code}")

    async def _send_email(self, alert: Alert, sub: Subscription) -> None:
        assert sub.email is not None
        body = json.loads(alert.payload)
        announcement = body["announcement"]
        message = EmailMessage()
        message["From"] = self._settings.smtp_sender
        message["To"] = sub.email
        message["Subject"] = f"[HopTac] {announcement.get('title') or announcement['id']}"
        message["Message-ID"] = f"<{alert.id}@hoptac>"
        lines = [
            f"Matched sectors: {', '.join(body['matched']['sectors']) or '-'}",
            f"Matched localities: {', '.join(body['matched']['localities']) or '-'}",
            f"Partners: {', '.join(announcement['partners']) or '-'}",
            f"Document: {announcement.get('document_number') or '-'}",
            f"Source: {announcement.get('source_url') or '-'}",
        ]
        message.set_content("\n".join(lines))
        await aiosmtplib.send(
            message, hostname=self._settings.smtp_host, port=self._settings.smtp_port, timeout=10
        )
