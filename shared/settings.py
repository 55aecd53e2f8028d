"""Settings of one service, read from the environment by the composition roots only."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

SERVICES = ("stakeholders", "activities", "missions", "reporting")


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    service: str
    database_url: str
    secret_key: str
    service_token: str
    amqp_url: str = "memory://"
    exchange: str = "argan.events"
    queue_prefix: str = ""               # prepended to queue names (tests use a unique one)
    queue_type: str = "quorum"           # "quorum" in production, "classic" where unsupported
    base_url: str = "http://127.0.0.1:8000"  # origin where every service's feed is reachable
    session_hours: int = 12              # absolute lifetime of a session
    session_idle_minutes: int = 120      # a session unused that long is over
    proxy_hops: int = 0                  # proxies in front whose X-Forwarded-* are believed
    testing: bool = False
    max_attempts: int = 5                # deliveries of a failing message before dead letter
    # privacy: days without activity after which a person is proposed for erasure (never
    # erased automatically); an archived person sooner
    retention_inactive_days: int = 1095
    retention_archived_days: int = 365
    message_keys: dict = field(default_factory=dict)  # service -> key signing its messages
    extra: dict = field(default_factory=dict)

    def feed_url(self, source: str) -> str:
        return f"{self.base_url.rstrip('/')}/{source}/api/v1/events"

    def message_key(self, service: str) -> bytes:
        """The key `service` signs its messages with (configured, else derived)."""
        from shared.messaging.signing import derived_key
        configured = self.message_keys.get(service)
        return configured.encode() if configured else derived_key(self.secret_key, service)

    def but(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, service: str, environ=os.environ) -> "Settings":
        if service not in SERVICES:
            raise SettingsError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")

        def need(name: str) -> str:
            value = environ.get(name)
            if not value:
                raise SettingsError(f"{name} must be set in the environment")
            return value

        return cls(
            service=service,
            database_url=need(f"{service.upper()}_DATABASE_URL"),
            secret_key=need("SECRET_KEY"),
            service_token=need("SERVICE_TOKEN"),
            # Each service may have its own broker account (allowed to publish only its own
            # events); AMQP_URL is the shared default.
            amqp_url=environ.get(f"{service.upper()}_AMQP_URL") or environ.get(
                "AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
            exchange=environ.get("ARGAN_EXCHANGE", "argan.events"),
            queue_prefix=environ.get("ARGAN_QUEUE_PREFIX", ""),
            queue_type=environ.get("ARGAN_QUEUE_TYPE", "quorum"),
            base_url=environ.get("ARGAN_BASE_URL", "http://127.0.0.1:8000"),
            max_attempts=_count(environ, "ARGAN_MAX_ATTEMPTS", 5),
            retention_inactive_days=_count(environ, "ARGAN_RETENTION_INACTIVE_DAYS", 1095),
            retention_archived_days=_count(environ, "ARGAN_RETENTION_ARCHIVED_DAYS", 365),
            message_keys={name: environ[f"{name.upper()}_MESSAGE_KEY"] for name in SERVICES
                          if environ.get(f"{name.upper()}_MESSAGE_KEY")},
            proxy_hops=_count(environ, "ARGAN_PROXY_HOPS"),
            session_hours=_count(environ, "ARGAN_SESSION_HOURS", 12),
            session_idle_minutes=_count(environ, "ARGAN_SESSION_IDLE_MINUTES", 120),
        )


def _count(environ, name: str, default: int = 0) -> int:
    value = environ.get(name)
    if not value:
        return default
    if not value.isdigit():
        raise SettingsError(f"{name} must be a whole number, not {value!r}")
    return int(value)
