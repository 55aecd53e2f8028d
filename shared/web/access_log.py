"""Access-log lines without personal data: the path of a request, never its query values
(`?q=Amina`, `?email=...`), nor those of the page it came from (the Referer)."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

_NAME = re.compile(r"[A-Za-z0-9_.\-\[\]]{1,40}")


def without_query_values(uri: str | None) -> str:
    """'/stakeholders/api/v1/people?q=Amina&page=2' -> '/stakeholders/api/v1/people?q=&page='
    The names of the parameters say what was asked for; their values stay out of the log
    (and a name that is not a plain word is shown as `?`)."""
    if not uri:
        return "-"
    parts = urlsplit(uri)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    path = origin + (parts.path or "/")
    names = [name if _NAME.fullmatch(name) else "?"
             for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    return f"{path}?" + "&".join(f"{name}=" for name in names[:20]) if names else path
