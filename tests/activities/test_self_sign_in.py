"""Self sign-in: a link per half-day, valid only during it, public but showing first names
and initials only, recording the signature and the attendance together."""
import datetime as dt

from services.activities.domain import Session
from services.activities.events import registry
from services.activities.self_sign_in.domain import half_day_window
from shared.messaging.envelope import to_cloudevent
from tests.activities.participants_helpers import (  # noqa: F401  (fixtures: clock, public)
    PNG, UTC, clock, link_in, post_form, public, setup_activity)


def open_link(client, csrf, path, session_id, half_day="morning"):
    page = f"{path}/sessions/{session_id}/self-sign-in"
    response = client.post(page, data={"half_day": half_day, "csrf_token": csrf})
    assert response.status_code == 302, response.get_data(as_text=True)
    projection = client.get(response.headers["Location"])
    assert projection.status_code == 200
    html = projection.get_data(as_text=True)
    assert "<svg" in html  # the QR code, drawn inline
    return link_in(html)


def test_a_participant_signs_within_the_half_day_and_staff_see_it(
        client, csrf, api, stakeholders, clock, public, store):
    path, session_id, people = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, session_id)

    assert public.get(link).status_code == 403  # 07:00 UTC: the morning starts at 08:00 UTC
    assert "08:30" in public.get(link).get_data(as_text=True)  # opens 30 min before (Paris)

    clock.set(2026, 3, 18, 9, 12)
    page = public.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Aïcha B." in html and "Youssef E." in html
    for personal in ("Bennani", "El Amrani", "x@example.org", "Tamount", "+212"):
        assert personal not in html
    assert 'name="viewport"' in html

    signed = post_form(public, link, {"person_id": people["aicha"], "signature": PNG}, html)
    assert signed.status_code == 302
    thanks = public.get(signed.headers["Location"]).get_data(as_text=True)
    assert "10:12" in thanks  # signed at 09:12 UTC, shown as the time in Marseille

    marks = api.get(path).get_json()["sessions"][0]["attendance"]
    assert marks == [{"person_id": people["aicha"], "half_day": "morning", "status": "present"}]
    staff_page = client.get(f"{path}/sessions/{session_id}/self-sign-in").get_data(as_text=True)
    assert "Aïcha Bennani" in staff_page and "10:12" in staff_page and PNG in staff_page
    attendance = [e for e in store.read_after(0) if e.type == "activity.attendance_recorded"]
    assert attendance[-1].data["source"] == "self_sign_in"
    signature = [e for e in store.read_after(0) if e.type == "self_sign_in.signed"]
    assert signature[0].data["signed_at"].startswith("2026-03-18T09:12")

    again = post_form(public, link, {"person_id": people["aicha"], "confirm": "on"})
    assert again.status_code == 422
    assert "déjà signé" in again.get_data(as_text=True)
    assert len([e for e in store.read_after(0) if e.type == "self_sign_in.signed"]) == 1

    ticked = post_form(public, link, {"person_id": people["youssef"], "confirm": "on"})
    assert ticked.status_code == 302
    nothing = post_form(public, link, {"person_id": people["youssef"]})
    assert nothing.status_code == 422


def test_the_link_is_refused_after_its_half_day_when_replaced_or_tampered(
        client, csrf, api, stakeholders, clock, public):
    path, session_id, people = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, session_id)
    clock.set(2026, 3, 18, 11, 29)
    open_page = public.get(link)
    assert open_page.status_code == 200
    clock.set(2026, 3, 18, 11, 31)  # noon in Marseille, plus the half-hour margin
    late = public.get(link)
    assert late.status_code == 410 and "expiré" in late.get_data(as_text=True)
    late_post = post_form(public, link, {"person_id": people["aicha"], "confirm": "on"},
                          open_page.get_data(as_text=True))
    assert late_post.status_code == 410
    assert api.get(path).get_json()["sessions"][0]["attendance"] == []

    token = link.rsplit("/", 1)[1]
    tampered = link[:-len(token)] + token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    for bad in (tampered, link[:-len(token)] + "short", link[:-len(token)] + "x" * 46):
        answer = public.get(bad)
        assert answer.status_code == 404, bad
        assert "pas valable" in answer.get_data(as_text=True)

    # the morning is over: its link cannot be opened again; the afternoon's can
    again = client.post(f"{path}/sessions/{session_id}/self-sign-in",
                        data={"half_day": "morning", "csrf_token": csrf})
    assert again.status_code == 422, again.status_code
    assert "terminée" in again.get_data(as_text=True), again.get_data(as_text=True)
    afternoon = open_link(client, csrf, path, session_id, "afternoon")
    clock.set(2026, 3, 18, 13, 0)
    assert public.get(afternoon).status_code == 200
    replacement = open_link(client, csrf, path, session_id, "afternoon")
    assert replacement != afternoon
    assert public.get(afternoon).status_code == 410
    assert public.get(replacement).status_code == 200
    close = f"{path}/sessions/{session_id}/self-sign-in/afternoon/close"
    assert "Fermer le lien d’émargement ?" in client.get(close).get_data(as_text=True)
    closed = client.post(close, data={"csrf_token": csrf})
    assert closed.status_code == 302
    assert public.get(replacement).status_code == 410


def test_the_public_form_needs_its_csrf_token_and_is_rate_limited(
        activities_app, client, csrf, api, stakeholders, clock, public):
    path, session_id, people = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, session_id)
    clock.set(2026, 3, 18, 9, 0)
    forged = public.post(link, data={"person_id": people["aicha"], "confirm": "on"})
    assert forged.status_code == 400
    assert api.get(path).get_json()["sessions"][0]["attendance"] == []
    too_big = post_form(public, link, {"person_id": people["aicha"],
                                       "signature": PNG + "A" * 50_000})
    assert too_big.status_code == 422 and "trop grande" in too_big.get_data(as_text=True)
    not_png = post_form(public, link, {"person_id": people["aicha"],
                                       "signature": "data:image/svg+xml;base64,PHN2Zz4="})
    assert not_png.status_code == 422
    stranger = post_form(public, link, {"person_id": "not-registered", "confirm": "on"})
    assert stranger.status_code == 422

    activities_app.config["ARGAN_RATE_LIMITS"] = {"participants": (3, 60)}
    activities_app.extensions.pop("argan_rate_limits")  # forget the calls above
    answers = [public.get(link).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert public.get(link.replace(link.rsplit("/", 1)[1], "x" * 46)).status_code == 429


def test_staff_pages_need_a_signed_in_officer(activities_app, api, stakeholders, public):
    path, session_id, _ = setup_activity(api, stakeholders)
    for page in (f"{path}/sessions/{session_id}/self-sign-in",
                 f"{path}/sessions/{session_id}/self-sign-in/morning"):
        assert public.get(page).status_code == 302  # to the sign-in page


def test_the_page_is_in_arabic_right_to_left_or_english_as_chosen(
        client, csrf, api, stakeholders, clock, public):
    path, session_id, _ = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, session_id)
    clock.set(2026, 3, 18, 9, 0)
    french = public.get(link).get_data(as_text=True)
    assert 'lang="fr"' in french and 'dir="ltr"' in french and "Trouvez votre nom" in french
    arabic = public.get(link + "?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic and "ابحث عن اسمك" in arabic
    remembered = public.get(link).get_data(as_text=True)
    assert 'dir="rtl"' in remembered  # kept in the session
    english = public.get(link + "?lang=en").get_data(as_text=True)
    assert 'lang="en"' in english and "Find your name" in english
    # the staff's own interface is not switched to Arabic
    assert 'dir="rtl"' not in client.get(path + "?lang=ar").get_data(as_text=True)


def test_half_day_windows_follow_the_office_clock():
    morning_then_afternoon = Session("s", dt.date(2026, 6, 10), dt.time(9, 0), dt.time(17, 0))
    # Agadir in June: UTC+1; the morning ends at noon, the afternoon starts then
    assert half_day_window(morning_then_afternoon, "morning", "agadir") == (
        dt.datetime(2026, 6, 10, 7, 30, tzinfo=UTC), dt.datetime(2026, 6, 10, 11, 30, tzinfo=UTC))
    assert half_day_window(morning_then_afternoon, "afternoon", "marseille") == (
        dt.datetime(2026, 6, 10, 9, 30, tzinfo=UTC), dt.datetime(2026, 6, 10, 15, 30, tzinfo=UTC))
    afternoon = Session("t", dt.date(2026, 6, 10), dt.time(14, 0), dt.time(16, 0))
    assert half_day_window(afternoon, "afternoon", "tiznit") == (
        dt.datetime(2026, 6, 10, 12, 30, tzinfo=UTC), dt.datetime(2026, 6, 10, 15, 30, tzinfo=UTC))


def test_the_attendance_screen_says_who_signed_on_their_phone(
        client, csrf, api, stakeholders, clock, public):
    path, session_id, people = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, session_id)
    clock.set(2026, 3, 18, 8, 5)
    assert post_form(public, link, {"person_id": people["youssef"],
                                    "confirm": "on"}).status_code == 302
    screen = client.get(f"{path}/sessions/{session_id}/attendance").get_data(as_text=True)
    assert "Youssef El Amrani" in screen and "09:05" in screen
    detail = client.get(path).get_data(as_text=True)
    assert f"/sessions/{session_id}/self-sign-in" in detail
    assert "Émargement sur téléphone : Youssef El Amrani (Matin: Présent" in detail  # history


def test_the_signatures_and_answers_are_catalogued(
        client, csrf, api, stakeholders, clock, public, store):
    path, session_id, people = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, session_id)
    clock.set(2026, 3, 18, 9, 0)
    post_form(public, link, {"person_id": people["aicha"], "signature": PNG})
    api.post(path + "/evaluations/answers", {"kind": "immediate", "satisfaction": 4,
                                             "comments": "bien"})
    document = client.get("/activities/api/asyncapi.json").get_json()
    messages = {m["name"]: m for m in document["components"]["messages"].values()}
    published = [to_cloudevent(e, "activities", registry) for e in store.read_after(0)
                 if e.stream_type in ("self_sign_in", "evaluation")]
    assert [e["type"] for e in published] == [
        "activities.self_sign_in.opened", "activities.self_sign_in.signed",
        "activities.evaluation.answered"]
    for event in published:
        properties = messages[event["type"]]["payload"]["properties"]["data"]["properties"]
        assert set(event["data"]) <= set(properties), event["type"]


def test_the_api_opens_links_and_says_who_signed(api, stakeholders, clock, public):
    path, session_id, people = setup_activity(api, stakeholders)
    session = f"{path}/sessions/{session_id}/self-sign-in"
    assert api.post(session, {"half_day": "evening"}).status_code == 422
    assert api.post(f"{path}/sessions/unknown/self-sign-in",
                    {"half_day": "morning"}).status_code == 404
    opened = api.post(session, {"half_day": "morning"})
    assert opened.status_code == 201
    body = opened.get_json()
    assert body["valid_from"].startswith("2026-03-18T07:30")
    assert body["valid_until"].startswith("2026-03-18T11:30")
    assert "nonce" not in body and "sheet" not in body
    link = body["url"].replace("http://localhost", "")
    clock.set(2026, 3, 18, 9, 0)
    assert post_form(public, link, {"person_id": people["aicha"],
                                    "signature": PNG}).status_code == 302
    state = api.get(session).get_json()
    morning = next(h for h in state["half_days"] if h["half_day"] == "morning")
    assert morning["state"] == "open" and state["registered"] == 2
    assert [(s["name"], s["drawn"], s["signed_at"][:16]) for s in morning["signatures"]] == [
        ("Aïcha Bennani", True, "2026-03-18T09:00")]
    assert next(h for h in state["half_days"] if h["half_day"] == "afternoon")["state"] == "never"

    evaluation = api.post(f"{path}/evaluations/links", {"kind": "immediate", "days": 3})
    assert evaluation.status_code == 201
    assert "/activities/p/evaluation/" in evaluation.get_json()["url"]
    assert api.post(f"{path}/evaluations/links", {"kind": "later", "days": 3}).status_code == 422
    assert api.post(f"{path}/evaluations/links", {"kind": "immediate",
                                                  "days": 400}).status_code == 422
