"""Text keys shared by the services' searches and replicas."""
from __future__ import annotations

import unicodedata


def normalise(text: str | None) -> str:
    """Lowercase, accents stripped, spaces collapsed: 'Aïcha  Ézzahra' -> 'aicha ezzahra'."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text or "")
                   if not unicodedata.combining(c))
    return " ".join(bare.lower().split())
