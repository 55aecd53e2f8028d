"""The rules of sign-in sheets and certificates, in plain Python: half-days and their hours,
the type of a scan told by its bytes, the scans a session takes."""
import datetime as dt

import pytest

from services.activities.certificates.domain import attended_sessions, participants
from services.activities.domain import Activity
from services.activities.sheets.domain import (MAX_BYTES, SessionSheets, clean_name,
                                               half_days_of, sheet_people, sniff)
from shared.eventstore import DomainError


def activity_with(start, end) -> Activity:
    activity = Activity.plan("a1", title="Atelier", kind="workshop", office="tiznit",
                             venue="Salle", capacity=1)
    activity.schedule_session("s1", dt.date(2025, 3, 18), dt.time(*start), dt.time(*end))
    activity.open_registration()
    activity.register([("r1", "p1"), ("r2", "p2")])  # p2 waits
    return activity


@pytest.mark.parametrize("start, end, expected", [
    ((9, 0), (17, 0), [("morning", "09:00", "12:00", 3.0), ("afternoon", "12:00", "17:00", 5.0)]),
    ((9, 0), (12, 0), [("morning", "09:00", "12:00", 3.0)]),
    ((14, 0), (17, 30), [("afternoon", "14:00", "17:30", 3.5)]),
    ((13, 0), (19, 0), [("morning", "13:00", "16:00", 3.0), ("afternoon", "16:00", "19:00", 3.0)]),
])
def test_the_half_days_of_a_session_and_their_hours(start, end, expected):
    session = activity_with(start, end).sessions["s1"]
    assert [(h.name, h.start, h.end, h.hours) for h in half_days_of(session)] == expected
    assert sum(h.hours for h in half_days_of(session)) == session.hours


def test_the_sheet_lists_the_registered_and_the_certificate_counts_present_and_late():
    activity = activity_with((9, 0), (17, 0))
    assert sheet_people(activity) == ["p1"]
    assert participants(activity) == []  # no one attended yet
    activity.record_attendance("s1", [{"person_id": "p1", "half_day": "morning",
                                       "status": "late"},
                                      {"person_id": "p1", "half_day": "afternoon",
                                       "status": "excused"}])
    (attended,) = attended_sessions(activity, "p1")
    assert attended.half_days == ("morning",) and attended.hours == 3.0
    assert participants(activity) == ["p1"]


def test_a_scan_is_told_by_its_bytes_and_bounded():
    assert sniff(b"%PDF-1.7 ...") == "application/pdf"
    assert sniff(b"\xff\xd8\xff\xe1 ...") == "image/jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n ...") == "image/png"
    assert sniff(b"GIF89a") is None and sniff(b"<html>%PDF-") is None
    activity, sheets = activity_with((9, 0), (12, 0)), SessionSheets("s1")
    for content, message in ((b"", "Choose"), (b"%PDF-" + bytes(MAX_BYTES), "5 MB"),
                             (b"PK\x03\x04 a zip", "Only PDF")):
        with pytest.raises(DomainError, match=message) as refused:
            sheets.upload(activity, "f1", "x.pdf", content)
        assert refused.value.field == "file"
    event = sheets.upload(activity, "f1", "../../scans/feuille.PDF", b"%PDF-" + bytes(10))
    assert (event.name, event.size, sheets.version) == ("feuille.PDF", 15, 1)
    with pytest.raises(DomainError, match="already attached"):
        sheets.upload(activity, "f2", "copie.pdf", b"%PDF-" + bytes(10))
    with pytest.raises(DomainError, match="Unknown session"):
        SessionSheets("another").upload(activity, "f3", "x.pdf", b"%PDF-")


def test_a_name_is_kept_without_folders_or_control_characters():
    assert clean_name("C:\\Users\\amina\\scan 1.jpg", "image/jpeg") == "scan 1.jpg"
    assert clean_name("\x00\x1b..", "application/pdf") == "feuille-emargement.pdf"
    assert len(clean_name("a" * 500 + ".png", "image/png")) == 120
