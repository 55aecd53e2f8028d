"""The upload command's schema (the form's), and what the API answers about scans."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields

from shared.web.errors import N_

from .domain import MAX_BYTES

CHOOSE = N_("Choose the scanned sheet (PDF, JPEG or PNG).")


class ScannedFile(fields.Field):
    """An uploaded file -> {name, content}; one byte more than allowed is read, no more,
    so that the domain can say the file is too large without holding all of it."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not getattr(value, "filename", None) or not hasattr(value, "stream"):
            raise ValidationError(CHOOSE)
        return {"name": value.filename, "content": value.stream.read(MAX_BYTES + 1)}


class UploadSignedSheet(Schema):
    file = ScannedFile(required=True, error_messages={"required": CHOOSE, "null": CHOOSE},
                       metadata={"type": "string", "format": "binary"})


class SignedSheetOut(Schema):
    file_id = fields.String()
    session_id = fields.String()
    name = fields.String()
    content_type = fields.String(metadata={"description": "application/pdf, image/jpeg or "
                                                          "image/png (from the file's bytes)"})
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    email = fields.String(allow_none=True, data_key="uploaded_by",
                          metadata={"description": "The staff member who attached it"})
