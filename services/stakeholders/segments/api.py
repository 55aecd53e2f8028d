"""Segments in the JSON API: save, change, delete, run for a purpose, export (streamed)."""
from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint

from shared.access.roles import PEOPLE_EXPORT, PEOPLE_READ
from shared.eventstore import DomainError
from shared.web.access import requires
from shared.web.commands import api_command, positional
from shared.web.errors import ErrorSchema, N_
from shared.web.wiring import engine as _engine

from . import export, handlers, queries, schemas

blp = Blueprint("segments_api", __name__, url_prefix="/api/v1",
                description="Segments: saved list queries, run for a consent purpose, exported.")


def purpose_of(segment: dict, asked: str | None) -> str:
    """The purpose a run is for: the one asked, else the segment's own."""
    purpose = asked or segment.get("purpose")
    if not purpose:
        raise DomainError(N_("Choose the purpose the list is for: only the people whose "
                             "consent covers it are kept."), "purpose")
    return purpose


def export_segment(segment_id: str, purpose: str | None, format: str):
    """Count, record the export (who, what, how many), then stream the rows."""
    segment = queries.get_segment(_engine(), segment_id)
    purpose = purpose_of(segment, purpose)
    count = queries.count_included(_engine(), segment, purpose)
    handlers.record_export(g.uow, segment_id, purpose, count, format)
    rows = queries.iter_included(_engine(), segment, purpose)
    return export.export_response(format, rows, segment["name"], count)


@blp.route("/segments")
@requires(PEOPLE_READ)
@blp.arguments(schemas.SegmentListArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.SegmentPage)
def list_segments(**args):
    """The saved segments, by name."""
    return queries.list_segments(_engine(), **args)


@blp.route("/segments/<segment_id>")
@requires(PEOPLE_READ)
@blp.response(200, schemas.SegmentOut)
@blp.alt_response(404, schema=ErrorSchema)
def get_segment(segment_id):
    """A segment, with the version to send back with a command."""
    return queries.get_segment(_engine(), segment_id)


@blp.route("/segments/<segment_id>/run")
@requires(PEOPLE_EXPORT)
@blp.arguments(schemas.RunArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.RunResult)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema, description="No purpose asked nor saved")
def run_segment(segment_id, purpose=None):
    """Run a segment for a purpose: the people kept (first 50), and how many were left out
    and why (withdrawn, never consented, consented to other purposes only)."""
    segment = queries.get_segment(_engine(), segment_id)
    return queries.run(_engine(), segment, purpose_of(segment, purpose))


@blp.route("/segments/<segment_id>/members")
@requires(PEOPLE_READ)
@blp.arguments(schemas.MembersArgs, location="query", as_kwargs=True)
@blp.response(200, schemas.MemberPage)
@blp.alt_response(404, schema=ErrorSchema)
def segment_members(segment_id, page=1, per_page=500):
    """Who the segment holds (ids and names, by name), whatever their consents: for
    registering a segment to an activity, not for mailing it."""
    segment = queries.get_segment(_engine(), segment_id)
    return queries.members(_engine(), segment, page=page, per_page=per_page)


@blp.route("/segments/<segment_id>/exports")
@requires(PEOPLE_EXPORT)
@blp.response(200, schemas.ExportEntry(many=True))
@blp.alt_response(404, schema=ErrorSchema)
def exports(segment_id):
    """Who exported this segment, when, for which purpose, how many people."""
    queries.get_segment(_engine(), segment_id)
    return queries.exports_of(current_app.extensions["argan"]["store"], segment_id)


@blp.route("/segments/<segment_id>/export", methods=["POST"])
@requires(PEOPLE_EXPORT)
@blp.arguments(schemas.ExportSegment)
@blp.alt_response(200, description="The file (text/csv or XLSX), streamed")
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
def export_file(command, segment_id):
    """Export the people kept for a purpose as CSV (UTF-8 with BOM, `;`) or XLSX; the
    export is recorded (segment.exported)."""
    return export_segment(segment_id, command.get("purpose"), command["format"])


api_command(blp, "/segments", schemas.SaveSegment, positional(handlers.save_segment, "**"),
            PEOPLE_EXPORT, status=201,
            doc="Save a segment: criteria over roles, programmes, tags, sex, residence, "
                "languages and current affiliations (organisation kinds, organisations).")
api_command(blp, "/segments/<segment_id>/change", schemas.ChangeSegment,
            positional(handlers.change_segment, "segment_id expected_version **"),
            PEOPLE_EXPORT, doc="Change a segment: send only the fields that "
                                               "change.")
api_command(blp, "/segments/<segment_id>/delete", schemas.DeleteSegment,
            handlers.delete_segment, PEOPLE_EXPORT,
            doc="Delete a segment (its history and exports stay in the event log).")
