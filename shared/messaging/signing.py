"""Message signatures: a relay signs what it publishes with its service's key, a consumer
applies only messages signed with the key of the service they claim to come from.

HMAC-SHA256 over the exact body bytes, in the `x-argan-signature` header. Each service's
key is `<SERVICE>_MESSAGE_KEY`; unset, it is derived from the shared SECRET_KEY and the
service's name (so the embedded mode and tests need no setup). docs/threat-model.md says
what this protects against and what it does not.
"""
from __future__ import annotations

import hashlib
import hmac

HEADER = "x-argan-signature"
_VERSION = "v1="


def derived_key(secret_key: str, service: str) -> bytes:
    """The default key of `service`: distinct per service, stable across restarts."""
    return hmac.new(secret_key.encode(), f"argan.messages.{service}".encode(),
                    hashlib.sha256).digest()


def sign(key: bytes, body: bytes) -> str:
    return _VERSION + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify(key: bytes | None, body: bytes, signature) -> bool:
    if key is None or not isinstance(signature, str):
        return False
    return hmac.compare_digest(sign(key, body), signature)
