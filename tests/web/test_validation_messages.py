"""Marshmallow's own messages, formatted with their values, come out in French: the
mechanism (shared.web.validation_messages) recognises each library template, so that no
field needs a message of its own to be understood."""
import pytest
from flask import Flask
from flask_babel import Babel, force_locale
from marshmallow import Schema, ValidationError, fields, validate

from shared.web.app import HERE
from shared.web.errors import field_errors
from shared.web.validation_messages import PLAIN, TEMPLATES, translate


@pytest.fixture
def french():
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(HERE / "translations")
    Babel(app, locale_selector=lambda: "fr")
    with app.test_request_context():
        yield


class Everything(Schema):
    one_of = fields.String(validate=validate.OneOf(("name", "recent")))
    at_least = fields.Integer(validate=validate.Range(min=1))
    between = fields.Integer(validate=validate.Range(min=1, max=100))
    below = fields.Integer(validate=validate.Range(max=10, max_inclusive=False))
    short = fields.String(validate=validate.Length(max=3))
    long = fields.String(validate=validate.Length(min=3))
    sized = fields.String(validate=validate.Length(min=2, max=3))
    exact = fields.String(validate=validate.Length(equal=2))
    pattern = fields.String(validate=validate.Regexp(r"^a$"))
    equal = fields.String(validate=validate.Equal("yes"))
    subset = fields.List(fields.String(), validate=validate.ContainsOnly(("a", "b")))
    number = fields.Integer()
    flag = fields.Boolean()
    day = fields.Date()
    when = fields.DateTime()
    items = fields.List(fields.String())
    mapping = fields.Dict()
    required = fields.String(required=True)
    not_null = fields.String(allow_none=False)


BAD = {"one_of": "x", "at_least": 0, "between": 1000, "below": 10, "short": "abcd",
       "long": "a", "sized": "abcd", "exact": "a", "pattern": "b", "equal": "no",
       "subset": ["c"], "number": "deux", "flag": "peut-être", "day": "32/13/2024",
       "when": "hier", "items": "a", "mapping": "a", "not_null": None, "unknown": 1}


def test_every_library_message_is_translated_with_its_values(french):
    with pytest.raises(ValidationError) as caught:
        Everything().load(BAD)
    errors = field_errors(caught.value.messages)
    assert set(errors) == set(BAD) | {"required"}
    english = {m for msgs in caught.value.messages.values() for m in msgs}
    for field, messages in errors.items():
        assert not set(messages) & english, (field, messages)   # none left in English
        assert not any(" than " in m or "Not a valid" in m for m in messages), messages
    assert errors["one_of"] == ["Doit être l’une des valeurs suivantes : name, recent."]
    assert errors["at_least"] == ["Doit être supérieur ou égal à 1."]
    assert errors["between"] == ["Doit être compris entre 1 et 100."]
    assert errors["below"] == ["Doit être strictement inférieur à 10."]
    assert errors["required"] == ["Ce champ est obligatoire."]
    assert errors["short"] == ["Trop long : 3 caractères ou éléments au maximum."]


def test_each_template_matches_what_the_library_writes(french):
    """A marshmallow upgrade that rewords a message fails here, not in front of staff."""
    for english, msgid in TEMPLATES:
        values = {name: "7" for name in ("choices", "values", "other", "min", "max", "equal",
                                         "input")}
        formatted = english.format(**values)
        assert translate(formatted) != formatted, english
    for message in PLAIN:
        assert translate(message) != message, message


def test_our_own_messages_and_unknown_text_pass_through(french):
    assert translate("This field is required.") == "Ce champ est obligatoire."
    assert translate("Not a valid phone number.") == "Numéro de téléphone invalide."
    assert translate("Something no catalogue knows.") == "Something no catalogue knows."


def test_english_stays_english():
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(HERE / "translations")
    Babel(app, locale_selector=lambda: "en")
    with app.test_request_context(), force_locale("en"):
        assert translate("Must be one of: name, recent.") == "Must be one of: name, recent."
