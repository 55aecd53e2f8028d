"""Imports in the JSON API: upload (-> preview), run, progress and report."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from shared.access.roles import PEOPLE_WRITE
from shared.eventstore import DomainError
from shared.web.access import requires
from shared.web.auth import signed_in_actor
from shared.web.errors import ErrorSchema, N_

from . import parsing, service, tables
from .service import _argan

blp = Blueprint("imports_api", __name__, url_prefix="/api/v1",
                description="Imports of spreadsheets (CSV, XLSX) of people or organisations: "
                            "preview, then one ordinary command per row.")


class Upload(Schema):
    kind = fields.String(required=True, metadata={"enum": list(parsing.KINDS)})
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class RunImport(Schema):
    skip_duplicates = fields.Boolean(load_default=True)


class ImportState(Schema):
    id = fields.String()
    kind = fields.String()
    filename = fields.String()
    status = fields.String(metadata={"enum": ["previewed", "running", "done", "failed"]})
    total = fields.Integer()
    done = fields.Integer(metadata={"description": "Rows imported so far"})
    failed = fields.Integer(metadata={"description": "Rows skipped so far"})
    skip_duplicates = fields.Boolean()
    counts = fields.Dict(metadata={"description": "{total, good, bad, duplicates} at preview"})
    mapping = fields.Dict(metadata={"description": "{field: the file's column name}"})
    ignored_columns = fields.List(fields.String())
    rows = fields.List(fields.Dict(), metadata={
        "description": "Rows with errors or likely duplicates: {line, errors, duplicates}"})
    report = fields.Dict(metadata={"description": "Once done: {imported, imported_ids, "
                                                  "skipped: [{line, errors}]}"})


@blp.route("/imports", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.doc(requestBody={"content": {"multipart/form-data": {"schema": Upload}}})
@blp.response(201, ImportState)
@blp.alt_response(422, schema=ErrorSchema, description="No file, or a file that cannot be read")
def upload():
    """Upload a file: it is checked (nothing written) and kept for the import."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise DomainError(N_("Choose a CSV or XLSX file."), "file")
    content = upload.stream.read(parsing.MAX_BYTES + 1)
    import_id = service.preview(request.form.get("kind"), upload.filename, content,
                                signed_in_actor())
    return service.summary(tables.get(_argan()["engine"], import_id))


@blp.route("/imports/<import_id>", methods=["GET"])
@requires(PEOPLE_WRITE)
@blp.response(200, ImportState)
def get_import(import_id):
    """The preview, the progress, and once done the report."""
    return service.summary(tables.get(_argan()["engine"], import_id))


@blp.route("/imports/<import_id>/run", methods=["POST"])
@requires(PEOPLE_WRITE)
@blp.arguments(RunImport)
@blp.response(202, ImportState)
@blp.alt_response(422, schema=ErrorSchema, description="Already started")
def run_import(command, import_id):
    """Start the import in the background; follow it with GET /imports/<id>."""
    service.start(import_id, command["skip_duplicates"], signed_in_actor())
    return service.summary(tables.get(_argan()["engine"], import_id), with_rows=False)
