"""What the pages and the API share: preview an upload, start an import, show one."""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext

from shared.eventstore import DomainError
from shared.web.validation_messages import translate

from . import checks, parsing, runner, tables


def N_(message: str) -> str:
    return message


def _argan():
    return current_app.extensions["argan"]


def preview(kind: str | None, filename: str, content: bytes, actor: str | None) -> str:
    """Parses and checks the file (nothing written but the `imports` row); its id.
    A file that cannot be read is a DomainError naming the `file` field."""
    if kind not in parsing.KINDS:
        raise DomainError(N_("Choose people or organisations."), "kind")
    try:
        content_parsed = parsing.parse(kind, filename or "", content)
    except parsing.ImportFileError as exc:
        raise DomainError(gettext(exc.message, **exc.params), "file")
    content_parsed["counts"] = checks.check(_argan()["engine"], kind, content_parsed["rows"])
    return tables.create(_argan()["engine"], kind, filename or "", content_parsed, actor)


def start(import_id: str, skip_duplicates: bool, actor: str | None) -> dict[str, Any]:
    argan = _argan()
    engine = argan["engine"]
    record = tables.get(engine, import_id)
    if not tables.start(engine, import_id, skip_duplicates):
        raise DomainError(N_("This import has already been started."))
    store, projectors = argan["store"], argan["projectors"]
    run = argan.get("import_runner") or runner.in_thread
    run(lambda: runner.run_import(engine, store, projectors, import_id, actor))
    return record


def translated(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {field: [translate(m) for m in messages] for field, messages in errors.items()}


def summary(record: dict[str, Any], with_rows: bool = True) -> dict[str, Any]:
    """An import as the API answers it (messages translated)."""
    content = record["rows"]
    out = {"id": record["id"], "kind": record["kind"], "filename": record["filename"],
           "status": record["status"], "total": record["total"], "done": record["done"],
           "failed": record["failed"], "skip_duplicates": record["skip_duplicates"],
           "counts": content.get("counts", {}), "mapping": content.get("mapping", {}),
           "ignored_columns": content.get("ignored", [])}
    if with_rows:
        out["rows"] = [{"line": r["line"], "errors": translated(r.get("errors") or {}),
                        "duplicates": r.get("duplicates") or []}
                       for r in content["rows"] if r.get("errors") or r.get("duplicates")]
    report = record.get("report")
    if report:
        out["report"] = {"imported": len(report["imported"]),
                         "imported_ids": [i["id"] for i in report["imported"]],
                         "skipped": [{**s, "errors": translated(s["errors"])}
                                     for s in report["skipped"]]}
    return out
