"""Scans of the signed sheet attached back to a session: the type told by the bytes, the
size bounded, the refusals named on the form, the bytes kept with their event in one
transaction (and never in the event), listed and downloaded by staff."""
import hashlib
import io

import pytest
from sqlalchemy import select

from services.activities.domain import Activity
from services.activities.sheets.domain import MAX_BYTES, SessionSheets
from services.activities.sheets.tables import keeping, signed_sheets
from shared.eventstore import ConcurrencyError, UnitOfWork
from shared.testing.web import sign_in_as
from tests.activities.documents import scenario  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def upload(scenario, content, name, client=None, csrf=None):
    path = (f"/activities/{scenario.activity_id}/sessions/{scenario.morning}"
            "/signed-sheets/new")
    data = {"csrf_token": csrf or scenario.csrf}
    if content is not None:
        data["file"] = (io.BytesIO(content), name)
    return (client or scenario.client).post(path, data=data,
                                            content_type="multipart/form-data")


def listed(scenario, client=None):
    response = (client or scenario.client).get(
        scenario.api(f"/sessions/{scenario.morning}/signed-sheets"))
    assert response.status_code == 200
    return response.get_json()


def session_events(scenario):
    store = scenario.app.extensions["argan"]["store"]
    return [e for e in store.read_after(0) if e.stream_id == scenario.morning]


@pytest.mark.parametrize("content, name, message", [
    (b"Bonjour, ceci n'est pas un scan.", "feuille.pdf",
     "Seuls les fichiers PDF, JPEG ou PNG sont acceptés."),
    (b"%PDF-1.7\n" + bytes(MAX_BYTES), "gros.pdf", "Le fichier dépasse 5 Mo"),
    (None, "", "Choisissez la feuille scannée (PDF, JPEG ou PNG)."),
])
def test_a_wrong_file_is_refused_on_the_form_and_nothing_is_kept(scenario, content, name,
                                                                 message):
    before = len(listed(scenario))
    response = upload(scenario, content, name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'id="file-error"' in page
    assert len(listed(scenario)) == before


def test_a_pdf_is_attached_listed_and_downloaded_as_it_was(scenario):
    pdf = scenario.client.get(scenario.api(f"/sessions/{scenario.morning}/sign-in-sheet.pdf")).data
    response = upload(scenario, pdf, "../../Scans/émargement 19 mars.pdf")
    assert response.status_code == 302 and "#sessions" in response.headers["Location"]
    (scan,) = [s for s in listed(scenario) if s["name"] == "émargement 19 mars.pdf"]
    assert scan["content_type"] == "application/pdf" and scan["size"] == len(pdf)
    assert scan["sha256"] == hashlib.sha256(pdf).hexdigest() and scan["uploaded_by"]
    download = scenario.client.get(scenario.api(
        f"/sessions/{scenario.morning}/signed-sheets/{scan['file_id']}"))
    assert download.status_code == 200 and download.data == pdf
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    (event,) = [e for e in session_events(scenario) if e.data["file_id"] == scan["file_id"]]
    assert event.type == "session.sign_in_sheet_uploaded" and event.stream_type == "session"
    assert set(event.data) == {"activity_id", "file_id", "name", "content_type", "size",
                               "sha256"}
    assert event.data["activity_id"] == scenario.activity_id
    catalogue = scenario.client.get("/activities/api/asyncapi.json").get_json()
    messages = {m["name"]: m for m in catalogue["components"]["messages"].values()}
    described = messages["activities.session.sign_in_sheet_uploaded"]["payload"]
    assert set(event.data) <= set(described["properties"]["data"]["properties"])
    page = scenario.client.get(f"/activities/{scenario.activity_id}").get_data(as_text=True)
    assert "émargement 19 mars.pdf" in page and scan["file_id"] in page
    again = upload(scenario, pdf, "copie.pdf")
    assert again.status_code == 422
    assert "Ce fichier est déjà joint à la séance." in again.get_data(as_text=True)


def test_the_type_is_the_bytes_not_the_name(scenario):
    assert upload(scenario, PNG, "scan.pdf").status_code == 302
    (scan,) = [s for s in listed(scenario) if s["name"] == "scan.pdf"]
    assert scan["content_type"] == "image/png"


def test_the_bytes_and_the_event_commit_together(scenario):
    """A scan decided on a stale version: the append is refused, and its bytes are not
    kept either."""
    app = scenario.app
    store = app.extensions["argan"]["store"]
    uow = UnitOfWork(store)
    activity = uow.get(Activity, scenario.activity_id)
    upload(scenario, b"\xff\xd8\xff\xe0" + bytes(32), "first.jpg")  # the stream exists now
    stale = uow.get(SessionSheets, scenario.morning)
    upload(scenario, b"\xff\xd8\xff\xe0" + bytes(33), "second.jpg")  # and moves on
    content = b"\xff\xd8\xff\xe0" + bytes(34)
    stale.upload(activity, "11111111-1111-1111-1111-111111111111", "third.jpg", content)
    with pytest.raises(ConcurrencyError):
        UnitOfWork(store, [keeping("11111111-1111-1111-1111-111111111111", content)]
                   ).save(stale)
    with app.extensions["argan"]["engine"].connect() as conn:
        kept = conn.execute(select(signed_sheets.c.name).where(
            signed_sheets.c.session_id == scenario.morning)).scalars().all()
    assert "third.jpg" not in kept and {"first.jpg", "second.jpg"} <= set(kept)


def test_who_may_attach_and_download(scenario):
    client = scenario.app.test_client()
    anonymous = upload(scenario, PNG, "x.png", client=client, csrf="none")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]
    csrf = sign_in_as(client, roles=("communication",))  # reads activities, changes nothing
    assert upload(scenario, PNG + b"1", "x.png", client=client, csrf=csrf).status_code == 403
    assert listed(scenario, client)  # but sees the scans
    sign_in_as(client, roles=("viewer",))
    assert client.get(scenario.api(f"/sessions/{scenario.morning}/signed-sheets")
                      ).status_code == 403
