"""Imports through the pages and the API, on PostgreSQL: preview writes nothing, the import
runs one ordinary command per row and reports the bad rows by line."""
import io
import itertools
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from services.stakeholders.imports import runner
from services.stakeholders.imports.tables import imports
from services.stakeholders.projections import people

HEADER = "Prénom;Nom;Sexe;Date de naissance;Courriel;Téléphone;Pays;Région;Province;Rôles\n"
GOOD_1 = "Amina;El Idrissi;F;17/05/2004;amina@example.ma;0612345678;MA;Souss-Massa;Tiznit;jeune\n"
BAD_NAME = ";Sans Prénom;F;;;;;;;\n"
BAD_DATE = "Youssef;Ait Baha;H;31/02/2001;pas-un-courriel;;;;;\n"
GOOD_2 = "Sara;Benali;Femme;2001-02-03;sara@example.fr;;FR;;;volontaire\n"
SAME_IN_FILE = "Amina;Elidrissi;F;17/05/2004;;+212 6 12 34 56 78;;;;\n"
FILE = HEADER + GOOD_1 + BAD_NAME + BAD_DATE + GOOD_2 + SAME_IN_FILE


@pytest.fixture
def synchronous(stakeholders_app):
    stakeholders_app.extensions["argan"]["import_runner"] = runner.synchronously


def upload(client, csrf, content, kind="people", filename="liste.csv"):
    if isinstance(content, str):
        content = ("\ufeff" + content).encode("utf-8")
    return client.post("/stakeholders/api/v1/imports", data={
        "kind": kind, "file": (io.BytesIO(content), filename)},
        headers={"X-CSRFToken": csrf}, content_type="multipart/form-data")


def count_people(engine):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(people)).scalar()


def test_preview_reports_errors_by_line_and_duplicates_without_writing(client, csrf, api,
                                                                       engine):
    known = api.post("/people", {"given_name": "Sara", "family_name": "Benali",
                                 "email": "sara@example.fr"}).json["id"]
    before = count_people(engine)
    response = upload(client, csrf, FILE)
    assert response.status_code == 201, response.json
    preview = response.json
    assert preview["status"] == "previewed" and preview["total"] == 5
    assert preview["counts"] == {"total": 5, "good": 1, "bad": 2, "duplicates": 2}
    rows = {r["line"]: r for r in preview["rows"]}
    assert set(rows) == {3, 4, 5, 6}
    assert rows[3]["errors"] == {"given_name": ["Ce champ est obligatoire."]}
    assert set(rows[4]["errors"]) == {"birth_date", "email"}
    assert rows[5]["duplicates"] == [{"reasons": ["email"], "id": known, "name": "Sara Benali"}]
    assert rows[6]["duplicates"] == [{"reasons": ["phone", "name_birth_date"], "line": 2}]
    assert count_people(engine) == before  # nothing written
    assert api.get(f"/imports/{preview['id']}").json["status"] == "previewed"


def test_import_imports_good_rows_with_history_and_reports_bad_ones_by_line(
        client, csrf, api, engine, stakeholders_app, synchronous):
    preview = upload(client, csrf, FILE).json
    started = client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run",
                          json={"skip_duplicates": False}, headers={"X-CSRFToken": csrf})
    assert started.status_code == 202
    state = api.get(f"/imports/{preview['id']}").json
    assert state["status"] == "done" and state["done"] == 3 and state["failed"] == 2
    skipped = {s["line"]: s["errors"] for s in state["report"]["skipped"]}
    assert set(skipped) == {3, 4}
    assert skipped[4]["email"] == ["Adresse de courriel invalide."]
    assert count_people(engine) == 3
    store = stakeholders_app.extensions["argan"]["store"]
    actor = api.get("/me").json.get("id") if api.get("/me").status_code == 200 else None
    for person_id in state["report"]["imported_ids"]:
        history = api.get(f"/people/{person_id}/history").json
        assert [h["type"] for h in history] == ["person.registered"]
        stored = store.load(person_id)
        assert stored[0].metadata["correlation_id"] == preview["id"]
        assert stored[0].metadata["actor"] and (actor is None or
                                                 stored[0].metadata["actor"] == actor)
    again = client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run", json={},
                        headers={"X-CSRFToken": csrf})
    assert again.status_code == 422 and count_people(engine) == 3


def test_likely_duplicates_skipped_when_asked(client, csrf, api, engine, synchronous):
    preview = upload(client, csrf, HEADER + GOOD_1 + SAME_IN_FILE).json
    assert preview["counts"]["duplicates"] == 1
    client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run", json={},
                headers={"X-CSRFToken": csrf})
    state = api.get(f"/imports/{preview['id']}").json
    assert state["done"] == 1 and [s["line"] for s in state["report"]["skipped"]] == [3]
    assert state["report"]["skipped"][0]["duplicate"] is True


def test_organisations_import(client, csrf, api, synchronous):
    api.post("/organisations", {"name": "Association Tifawin", "kind": "osim"})
    content = ("Nom,Type,SIRET,Pays,Région,Province\n"
               "Commune d'Agadir,Collectivité territoriale,,Maroc,Souss-Massa,"
               "Agadir Ida-Outanane\n"
               "Club,club,73282932000075,FR,,\n"
               "association tifawin,OSIM,,FR,,\n")
    preview = upload(client, csrf, content, kind="organisations", filename="orgs.csv").json
    assert preview["counts"] == {"total": 3, "good": 1, "bad": 1, "duplicates": 1}
    rows = {r["line"]: r for r in preview["rows"]}
    assert set(rows[3]["errors"]) == {"kind", "siret"}
    assert rows[4]["duplicates"][0]["reasons"] == ["name"]
    client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run", json={},
                headers={"X-CSRFToken": csrf})
    state = api.get(f"/imports/{preview['id']}").json
    assert state["status"] == "done" and state["done"] == 1
    organisation = api.get(f"/organisations/{state['report']['imported_ids'][0]}").json
    assert organisation["kind"] == "local_authority" and organisation["country"] == "MA"


def test_bad_uploads_name_the_field(client, csrf):
    empty_file = upload(client, csrf, b"", filename="vide.csv")
    assert empty_file.status_code == 422
    assert empty_file.json["errors"] == {"file": ["Le fichier est vide."]}
    empty = client.post("/stakeholders/api/v1/imports", data={"kind": "people"},
                        headers={"X-CSRFToken": csrf}, content_type="multipart/form-data")
    assert empty.status_code == 422 and list(empty.json["errors"]) == ["file"]
    no_kind = upload(client, csrf, FILE, kind="cats")
    assert no_kind.status_code == 422 and list(no_kind.json["errors"]) == ["kind"]
    headers = upload(client, csrf, "Colour;Size\nred;2\n")
    assert headers.status_code == 422 and "Prénom, Nom" in headers.json["errors"]["file"][0]
    assert client.get("/stakeholders/api/v1/imports/nope").status_code == 404


def test_communication_officers_cannot_import(client, engine, sign_in):
    token = sign_in(client, engine, "comm@argan.test", "a long enough password",
                    roles=("communication",))
    assert upload(client, token, FILE).status_code == 403
    assert client.get("/stakeholders/imports/new").status_code == 403


def test_pages_preview_progress_and_report_in_french(client, csrf, engine, synchronous):
    form = client.get("/stakeholders/imports/new")
    assert form.status_code == 200 and "Importer un tableur" in form.get_data(as_text=True)
    posted = client.post("/stakeholders/imports/new", data={
        "csrf_token": csrf, "kind": "people",
        "file": (io.BytesIO(FILE.encode("latin-1", "replace")), "liste.csv")},
        content_type="multipart/form-data")
    assert posted.status_code == 302
    preview = client.get(posted.headers["Location"])
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Ce champ est obligatoire." in html
    assert "Ligne 2 de ce fichier" in html
    import_id = posted.headers["Location"].rstrip("/").split("/")[-1]
    run = client.post(f"/stakeholders/imports/{import_id}/run",
                      data={"csrf_token": csrf, "skip_duplicates": "1"})
    assert run.status_code == 302
    page = client.get(run.headers["Location"]).get_data(as_text=True)
    assert "<progress" in page and 'id="import-done"' in page
    assert "Lignes importées : 2. Lignes ignorées : 3." in page
    assert "http-equiv=\"refresh\"" not in page  # finished: no more refreshing
    missing = client.post("/stakeholders/imports/new", data={"csrf_token": csrf,
                                                             "kind": "people"},
                          content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choisissez un fichier" in missing.get_data(
        as_text=True)


def test_the_real_thread_reaches_done(client, csrf, api, engine):
    preview = upload(client, csrf, FILE).json
    client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run", json={},
                headers={"X-CSRFToken": csrf})
    deadline = time.monotonic() + 20
    state = api.get(f"/imports/{preview['id']}").json
    while state["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
        state = api.get(f"/imports/{preview['id']}").json
    assert state["status"] == "done"
    assert state["done"] == 2 and state["failed"] == 3  # the duplicate skipped by default
    with engine.connect() as conn:
        assert conn.execute(select(imports.c.status)).scalar() == "done"


def test_many_rows_all_imported_by_line_and_a_broken_database_stops_the_import(
        client, csrf, api, engine, stakeholders_app, synchronous):
    """The writers share the rows: every good row once, the report in line order; when the
    database breaks mid-way the import says failed and keeps what was done."""
    body = "".join(f"Personne{n};Test{n};F;;p{n}@example.fr;;;;;\n" for n in range(60))
    preview = upload(client, csrf, HEADER + BAD_NAME + body).json
    client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run",
                json={"skip_duplicates": False}, headers={"X-CSRFToken": csrf})
    state = api.get(f"/imports/{preview['id']}").json
    assert state["status"] == "done" and (state["done"], state["failed"]) == (60, 1)
    ids = state["report"]["imported_ids"]
    assert len(set(ids)) == 60 and count_people(engine) == 60
    emails = [api.get(f"/people/{i}").json["email"] for i in ids]
    assert emails == [f"p{n}@example.fr" for n in range(60)]  # in line order

    argan = stakeholders_app.extensions["argan"]
    calls = itertools.count(1)  # next() is atomic: the writers share it

    def broken_after_ten(conn, stored_events):
        if next(calls) > 10:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    argan["projectors"] = (*argan["projectors"], broken_after_ten)
    body = "".join(f"Autre{n};Test{n};M;;a{n}@example.fr;;;;;\n" for n in range(40))
    preview = upload(client, csrf, HEADER + body).json
    client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run", json={},
                headers={"X-CSRFToken": csrf})
    state = api.get(f"/imports/{preview['id']}").json
    assert state["status"] == "failed" and state["done"] < 40
    assert count_people(engine) == 60 + state["done"]  # the failed rows left nothing behind


def test_a_group_that_fails_is_rolled_back_and_its_rows_run_alone(
        client, csrf, api, engine, stakeholders_app, synchronous):
    """Rows share a transaction GROUP at a time; a row failing in its group (here once,
    as a lost race would) undoes the group, whose rows then run alone: every row is
    imported once, nothing of the rolled-back attempt stays, a refused row is reported."""
    from services.stakeholders.imports.runner import GROUP
    from shared.eventstore.schema import events
    argan = stakeholders_app.extensions["argan"]
    failed_once = []

    def fails_once_for_row_five(conn, stored_events):
        for stored in stored_events:
            if stored.event.given_name == "Groupe5" and not failed_once:
                failed_once.append(stored.stream_id)
                raise OperationalError("INSERT", {}, Exception("could not serialize access"))

    argan["projectors"] = (*argan["projectors"], fails_once_for_row_five)
    rows = 3 * GROUP
    body = [f"Groupe{n};Test{n};F;;g{n}@example.fr;;;;;\n" for n in range(rows)]
    body[GROUP + 2] = BAD_NAME  # a refused row in another group
    preview = upload(client, csrf, HEADER + "".join(body)).json
    client.post(f"/stakeholders/api/v1/imports/{preview['id']}/run",
                json={"skip_duplicates": False}, headers={"X-CSRFToken": csrf})
    state = api.get(f"/imports/{preview['id']}").json
    assert failed_once and state["status"] == "done"
    assert (state["done"], state["failed"]) == (rows - 1, 1)
    assert [s["line"] for s in state["report"]["skipped"]] == [GROUP + 4]
    with engine.connect() as conn:
        registered = conn.execute(select(func.count()).select_from(events).where(
            events.c.type == "person.registered")).scalar()
        emails = [r.email for r in conn.execute(select(people.c.email))]
        assert conn.execute(select(func.count()).select_from(events).where(
            events.c.stream_id == failed_once[0])).scalar() == 0  # its attempt undone
    assert registered == count_people(engine) == rows - 1
    assert sorted(emails) == sorted(f"g{n}@example.fr" for n in range(rows) if n != GROUP + 2)
