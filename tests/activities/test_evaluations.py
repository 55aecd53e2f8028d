"""Evaluations: answered by the participants through a link, or typed by staff from paper;
summed up per activity; the follow-up only for trainings."""
from tests.activities.participants_helpers import (  # noqa: F401  (fixtures: clock, public)
    clock, link_in, post_form, public, setup_activity)


def open_link(client, csrf, path, kind="immediate", days=7):
    response = client.post(path + "/evaluations", data={"kind": kind, "days": str(days),
                                                        "csrf_token": csrf})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page
    return link_in(page)


def paper(api, path, **body):
    return api.post(path + "/evaluations/answers", body)


def test_answers_by_link_and_from_paper_make_the_summary(
        client, csrf, api, stakeholders, clock, public, store):
    path, _, people = setup_activity(api, stakeholders, kind="training")
    extra = [stakeholders.person(given, "Zahraoui") for given in ("Sara", "Omar")]
    assert api.post(path + "/registrations", {"person_ids": extra}).status_code == 201
    link = open_link(client, csrf, path)

    html = public.get(link).get_data(as_text=True)
    assert "Aïcha B." in html and "Bennani" not in html and "Tamount" not in html
    assert post_form(public, link, {"person_id": people["aicha"], "satisfaction": "5",
                                    "comments": "Très clair, merci"}, html).status_code == 302
    assert post_form(public, link, {"person_id": people["youssef"],
                                    "satisfaction": "4"}).status_code == 302
    again = post_form(public, link, {"person_id": people["aicha"], "satisfaction": "1"})
    assert again.status_code == 422 and "déjà répondu" in again.get_data(as_text=True)
    for bad in ({"person_id": extra[0], "satisfaction": "6"},
                {"person_id": extra[0], "satisfaction": "bien"},
                {"person_id": extra[0]}, {"satisfaction": "3"},
                {"person_id": extra[0], "satisfaction": "3", "comments": "x" * 2001}):
        assert post_form(public, link, bad).status_code == 422, bad

    # from paper: one with a name, two without; then one form typed on the staff page
    assert paper(api, path, kind="immediate", person_id=extra[0], satisfaction=4,
                 comments="Le lieu était loin").status_code == 201
    assert paper(api, path, kind="immediate", satisfaction=2).status_code == 201
    assert paper(api, path, kind="immediate", satisfaction=0).status_code == 422
    assert paper(api, path, kind="immediate", person_id=extra[0],
                 satisfaction=3).status_code == 422  # already answered
    form = client.post(path + "/evaluations/paper", data={
        "kind": "immediate", "person_id": "", "satisfaction": "5", "csrf_token": csrf})
    assert form.status_code == 302

    summary = api.get(path + "/evaluations/summary").get_json()
    immediate = summary["immediate"]
    # 5, 4 (link), 4, 2, 5 (paper): 20 / 5
    assert immediate["count"] == 5
    assert immediate["average"] == 4.0
    assert immediate["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 2, "5": 2}
    assert [c["text"] for c in immediate["comments"]] == ["Très clair, merci",
                                                          "Le lieu était loin"]
    assert [c["source"] for c in immediate["comments"]] == ["participant", "paper"]
    assert summary["follow_up"]["count"] == 0  # a training: its follow-up is to come
    answered = [e for e in store.read_after(0) if e.type == "evaluation.answered"]
    assert len(answered) == 5
    page = client.get(path + "/evaluations").get_data(as_text=True)
    assert " 4 / 5" in page and "Le lieu était loin" in page  # the average, the comments


def test_the_follow_up_is_for_trainings_once_held(client, csrf, api, stakeholders, clock):
    workshop, _, _ = setup_activity(api, stakeholders, kind="workshop", status="held")
    refused = paper(api, workshop, kind="follow_up", satisfaction=4)
    assert refused.status_code == 422 and "kind" in refused.get_json()["errors"]
    assert client.post(workshop + "/evaluations", data={
        "kind": "follow_up", "days": "30", "csrf_token": csrf}).status_code == 422
    assert api.get(workshop + "/evaluations/summary").get_json()["follow_up"] is None

    training, _, _ = setup_activity(api, stakeholders, kind="training")
    assert paper(api, training, kind="follow_up", satisfaction=4).status_code == 422  # not held
    version = api.get(training).get_json()["version"]
    assert api.post(training + "/hold", {"expected_version": version}).status_code == 200
    assert paper(api, training, kind="follow_up", satisfaction=3).status_code == 201
    follow_up = api.get(training + "/evaluations/summary").get_json()["follow_up"]
    assert follow_up["count"] == 1 and follow_up["average"] == 3.0
    assert open_link(client, csrf, training, "follow_up", 30)


def test_the_evaluation_link_expires_and_cannot_be_forged(
        client, csrf, api, stakeholders, clock, public):
    path, _, people = setup_activity(api, stakeholders)
    link = open_link(client, csrf, path, days=7)
    clock.set(2026, 3, 25, 6, 59)  # opened at 07:00 for 7 days
    page = public.get(link)
    assert page.status_code == 200
    clock.set(2026, 3, 25, 7, 1)
    assert public.get(link).status_code == 410
    assert post_form(public, link, {"person_id": people["aicha"], "satisfaction": "5"},
                     page.get_data(as_text=True)).status_code == 410
    token = link.rsplit("/", 1)[1]
    assert public.get(link.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
                      ).status_code == 404
    assert api.get(path + "/evaluations/summary").get_json()["immediate"]["count"] == 0
    close = path + "/evaluations/immediate/close"
    assert "Fermer le lien d’évaluation ?" in client.get(close).get_data(as_text=True)
    assert client.post(close, data={"csrf_token": csrf}).status_code == 302
    assert client.post(close, data={"csrf_token": csrf}).status_code == 422  # closed already
    arabic = public.get(open_link(client, csrf, path) + "?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic
