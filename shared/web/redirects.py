"""Where a sign-in may send the browser back to: a path of this origin, nothing else."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from shared.settings import SERVICES


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path under one of the services' prefixes, else None.

    Browsers drop tabs and newlines from a URL, read a backslash as a slash and a leading
    `//` as another host: `/\t/evil.example` becomes `//evil.example`. Rather than repeat
    their normalisation, anything it would change is refused: control and whitespace
    characters and backslashes (also percent-encoded in the path), then the URL is parsed and must
    have no scheme, no host and a path in one of the services.
    """
    if not target or len(target) > 2000:
        return None
    parts = urlsplit(target)
    for text in (target, unquote(parts.path)):  # a query may well hold an encoded space
        if any(_unsafe(c) for c in text):
            return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("//") or unquote(parts.path).startswith("//"):
        return None
    service = parts.path.split("/")[1]
    return target if service in SERVICES else None


def _unsafe(char: str) -> bool:
    return (char == "\\" or char.isspace() or not char.isprintable()
            or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Zs"))
