"""messages.po is the source of the French interface: every message the code or a template
shows must have a French translation there, and the compiled catalogue must be current."""
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "shared" / "web" / "translations"
PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"


def extracted_ids(tmp_path) -> set:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k",
                    "lazy_gettext", "-k", "N_", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_every_message_shown_has_a_french_translation(tmp_path):
    with open(PO, "rb") as f:
        catalogue = read_po(f, locale="fr")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    missing = sorted(extracted_ids(tmp_path) - translated)
    assert not missing, ("untranslated in messages.po (run `make translations`, then translate):\n  "
                         + "\n  ".join(missing))


def key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_the_compiled_catalogue_is_built_from_the_po():
    with open(PO, "rb") as f:
        source = {key(m.id): key(m.string) for m in read_po(f, locale="fr") if m.id}
    with open(PO.with_suffix(".mo"), "rb") as f:
        compiled = {key(m.id): key(m.string) for m in read_mo(f) if m.id}
    assert compiled == source, "messages.mo is stale: `make install` compiles it from the .po"
