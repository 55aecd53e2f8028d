"""messages.po is the source of the French interface: every message the code or a template
shows must have a French translation there, and the compiled catalogue must be current."""
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "shared" / "web" / "translations"
PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
PO_AR = TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po"
# The pages participants use without an account are in Arabic too: every message of
# these files, and the few shared ones those pages show.
ACTIVITIES = ROOT / "services" / "activities"
PARTICIPANT_SOURCES = [
    *sorted((ACTIVITIES / "participants").rglob("*.py")),
    *[ACTIVITIES / "participants" / "templates" / "activities" / "participants" / name
      for name in ("layout.html", "notice.html", "_field_errors.html", "_macros.html")],
    *[ACTIVITIES / part / f"{name}.py" for part in ("self_sign_in", "evaluations")
      for name in ("domain", "handlers", "schemas", "pages")],
    ACTIVITIES / "self_sign_in" / "templates" / "activities" / "self_sign_in" / "sign.html",
    ACTIVITIES / "evaluations" / "templates" / "activities" / "evaluations" / "answer.html"]
PARTICIPANT_SHARED = {"Morning", "Afternoon", "Language", "No one is registered yet.",
                      "This field is required.", "%(date)s at %(time)s"}


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


def participant_ids() -> set:
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "_l": None, "lazy_gettext": None}
    ids = set(PARTICIPANT_SHARED)
    for path in PARTICIPANT_SOURCES:
        method = "python" if path.suffix == ".py" else "jinja2.ext:babel_extract"
        for _, message, _, _ in extract_from_file(method, str(path), keywords=keywords):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_the_participant_pages_have_an_arabic_translation():
    with open(PO_AR, "rb") as f:
        catalogue = read_po(f, locale="ar")
    translated = {m.id for m in catalogue if m.id and not m.fuzzy and m.string}
    missing = sorted(participant_ids() - translated)
    assert "Find your name" in participant_ids()  # the sources are read
    assert not missing, "untranslated in ar/messages.po:\n  " + "\n  ".join(missing)


def key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_the_compiled_catalogue_is_built_from_the_po():
    for po, locale in ((PO, "fr"), (PO_AR, "ar")):
        with open(po, "rb") as f:
            source = {key(m.id): key(m.string) for m in read_po(f, locale=locale)
                      if m.id and m.string}
        with open(po.with_suffix(".mo"), "rb") as f:
            compiled = {key(m.id): key(m.string) for m in read_mo(f) if m.id}
        assert compiled == source, f"{locale}/messages.mo is stale: `make install` compiles it"
