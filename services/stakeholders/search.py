"""Search keys for names and phones: pure functions, no I/O.

A name key is a conservative phonetic skeleton that makes the usual spellings of one
Moroccan or French name meet: case and accents folded, the common transliteration variants
of Arabic and Amazigh names brought together (ou/w -> u, ch/sh -> x, kh -> h, dj -> j,
q -> k, soft c -> s), the article particles (el-, al-) dropped, then the vowels after the
first letter dropped and doubled letters collapsed, as Arabic script writes them:

    Mohamed, Mohammed, Mohamad, Muhammad, Mhamed, M'hammed -> "mhmd"
    Zineb, Zaynab -> "znb";  Fatima, Fatma -> "ftm";  Hafsa, Hafssa -> "hfs"
    Ouarzazi, Warzazi -> "arz";  Chaïma, Shaima -> "xm"
    Abderrahmane, Abderahman, Abdel Rahman -> "abdrhmn"

Keys serve recall (search by key prefix, duplicate suggestions with the same birth date);
they are never shown and never decide anything on their own.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.stakeholders import phones  # absolute: this module may move to a subpackage

PARTICLES = frozenset({"el", "al", "l"})
_VOWELS = set("aeiouy")
_SEPARATORS = re.compile(r"[\s'’`´‘ʼ\-‐–—_.,;/()]+")
_QUERY_SEPARATORS = re.compile(r"[\s'’`´‘ʼ\-‐–—]+")
# applied in order, on a lowercase accent-free word
_REWRITES = (
    (re.compile(r"ou"), "u"),
    (re.compile(r"w"), "u"),
    (re.compile(r"[cs]h|sch"), "x"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"y"), "i"),
)
# "abd el" before a sun letter is pronounced and often written "abd er-", "abde-", "abdes-"
_ABD_EL = re.compile(r"bdl(?=[tdrzsnlx])")


def fold(text: str | None) -> str:
    """Lowercase, accents stripped, spaces collapsed: 'Aïcha  Ézzahra' -> 'aicha ezzahra'."""
    if text and text.isascii():  # nothing to decompose (most names, every email)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _folded_parts(text: str | None) -> list[str]:
    """The folded words of a name or query, split where names are (spaces, hyphens,
    apostrophes…), particles included."""
    parts = [re.sub(r"[^\w]", "", w) for w in _SEPARATORS.split(fold(text))]
    return [w for w in parts if w]


def words(text: str | None) -> list[str]:
    """The folded words of a name, particles (el-, al-) left out unless alone."""
    parts = _folded_parts(text)
    kept = [w for w in parts if w not in PARTICLES]
    return kept or parts


@lru_cache(maxsize=8192)  # the same names come back all the time (projections, imports)
def skeleton(word: str) -> str:
    """The key of one folded word (see the module docstring)."""
    if not word:
        return ""
    for pattern, replacement in _REWRITES:
        word = pattern.sub(replacement, word)
    first, rest = word[0], word[1:]
    if first in _VOWELS:
        first = "a"
    key = first + "".join(c for c in rest if c not in _VOWELS)
    key = re.sub(r"(.)\1+", r"\1", key)
    return _ABD_EL.sub("bd", key)


@lru_cache(maxsize=8192)
def name_key(text: str | None) -> str:
    """The key of a whole name part, its words run together: 'Aït-Lahcen' == 'Ait Lahcen'."""
    return skeleton("".join(words(text)))


def word_keys(text: str | None) -> list[str]:
    return list(_word_keys(text))


@lru_cache(maxsize=8192)  # every registration and correction projects its names
def _word_keys(text: str | None) -> tuple[str, ...]:
    """The key of each word of a name part, then of the whole part when it has several, and
    of the whole part with its particles when it has some: 'El Idrissi' is found as
    'idrissi' and as 'elidrissi' (which is how some write it)."""
    keys = [skeleton(w) for w in words(text)]
    if len(keys) > 1:
        keys.append(name_key(text))
    with_particles = "".join(_folded_parts(text))
    if keys and with_particles != "".join(words(text)):
        keys.append(skeleton(with_particles))
    return tuple(dict.fromkeys(k for k in keys if k))


def name_keys_text(*names: str | None) -> str:
    """' k1 k2 k3 ': every word key of the names, space-delimited for word-prefix matching."""
    keys: list[str] = []
    for name in names:
        keys.extend(_word_keys(name))
    return " " + " ".join(dict.fromkeys(keys)) + " "


def query_keys(q: str | None) -> list[tuple[str, str]]:
    """(folded word, key) for each word typed in a search box, split at spaces, hyphens and
    apostrophes as names are ('el-idrissi' is 'el idrissi'; an email stays whole); particles
    are left out when other words remain, and words that fold to nothing have no key."""
    parts = [w for w in _QUERY_SEPARATORS.split(fold(q)) if w]
    out = []
    for part in parts:
        bare = re.sub(r"[^\w]", "", part)
        if bare in PARTICLES and len(parts) > 1:
            continue
        out.append((part, skeleton(bare) if bare else ""))
    return out


def phone_key(phone: str | None, country: str | None = None) -> str | None:
    """The number in E.164, the form it is stored in ('06 12 34 56 78' read in `country`,
    the residence): '+212 6 12 34 56 78' and '+33 6 12 34 56 78' stay two numbers, since the
    country code is part of the key. None when it is not a valid number."""
    return phones.e164(phone, country)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping at `limit` (returned when reached)."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)


def names_close(a_given: str | None, a_family: str | None,
                b_given: str | None, b_family: str | None) -> bool:
    """Whether two people's names are close enough to suggest a duplicate (with the same
    birth date): the same keys, given and family names swapped, or a small edit distance
    between the folded full names or between their keys."""
    ag, af, bg, bf = (name_key(a_given), name_key(a_family), name_key(b_given),
                      name_key(b_family))
    if (ag, af) == (bg, bf) or (ag, af) == (bf, bg):
        return True
    a_full = "".join(words(a_given) + words(a_family))
    b_full = "".join(words(b_given) + words(b_family))
    allowed = 1 if min(len(a_full), len(b_full)) < 8 else 2
    if edit_distance(a_full, b_full) <= allowed:
        return True
    return ag == bg and bool(af) and edit_distance(af, bf) <= 1 and min(len(af), len(bf)) >= 3
