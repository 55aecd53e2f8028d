"""Segment rules, and its handlers with the in-memory store."""
import pytest

from services.stakeholders.segments.domain import Segment, registry
from services.stakeholders.segments.handlers import (change_segment, delete_segment,
                                                      record_export, save_segment)
from shared.eventstore import ConcurrencyError, DomainError, Metadata, UnitOfWork
from shared.testing.fakes import InMemoryEventStore


def error(fn, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn(*args, **kwargs)
    return caught.value


def test_save_cleans_the_criteria():
    s = Segment.save("s1", name="  Volunteers   Souss ", roles=["volunteer", "volunteer"],
                     countries=["ma"], languages=["AR"], tags=[" climat ", ""],
                     purpose="newsletter")
    (event,) = s.pending
    assert event.type == "segment.saved"
    assert event.name == "Volunteers Souss" and event.roles == ("volunteer",)
    assert event.countries == ("MA",) and event.languages == ("ar",) and event.tags == ("climat",)
    assert registry.to_event(event.type, event.to_data()) == event


def test_rules_name_the_field():
    assert error(Segment.save, "s", name=" ").field == "name"
    assert error(Segment.save, "s", name="x", roles=["king"]).field == "roles"
    assert error(Segment.save, "s", name="x", sexes=["robot"]).field == "sexes"
    assert error(Segment.save, "s", name="x", countries=["Maroc"]).field == "countries"
    assert error(Segment.save, "s", name="x", languages=["french"]).field == "languages"
    assert error(Segment.save, "s", name="x", purpose="spam").field == "purpose"
    assert error(Segment.save, "s", name="x", tags=["t" * 41]).field == "tags"
    assert error(Segment.save, "s", name="x", colour="red").field == "colour"


def test_change_carries_only_what_changed_and_delete_is_final():
    s = Segment.save("s1", name="A", roles=["volunteer"])
    s.change({"name": "A", "tags": ["climat"]})
    assert s.pending[-1].to_data() == {"changed": ["tags"], "tags": ["climat"]}
    assert "Nothing changed" in error(s.change, {"tags": ["climat"]}).message
    s.exported("newsletter", 12, "csv")
    assert s.pending[-1].to_data() == {"purpose": "newsletter", "count": 12, "format": "csv"}
    assert error(s.exported, "newsletter", 1, "pdf").field == "format"
    s.delete()
    assert "deleted" in error(s.change, {"name": "B"}).message
    assert "deleted" in error(s.exported, "newsletter", 1, "csv").message
    assert "deleted" in error(s.delete).message


def test_handlers_with_the_in_memory_store():
    store = InMemoryEventStore(registry)
    uow = UnitOfWork(store, metadata=Metadata(actor="comm-1"))
    s = save_segment(uow, {"name": "Newsletter FR", "countries": ["FR"]})
    change_segment(uow, s.id, 1, {"regions": ["Provence-Alpes-Côte d'Azur"]})
    record_export(uow, s.id, "newsletter", 3, "xlsx")  # whatever the version
    with pytest.raises(ConcurrencyError):
        change_segment(uow, s.id, 1, {"name": "B"})
    delete_segment(uow, s.id, 2)
    stored = store.load(s.id)
    assert [e.type for e in stored] == ["segment.saved", "segment.changed", "segment.exported",
                                        "segment.deleted"]
    assert {e.stream_type for e in stored} == {"segment"}
    assert stored[2].metadata["actor"] == "comm-1"


def test_an_export_does_not_make_an_open_form_stale():
    store = InMemoryEventStore(registry)
    uow = UnitOfWork(store, metadata=Metadata(actor="comm-1"))
    s = save_segment(uow, {"name": "Newsletter FR"})
    record_export(uow, s.id, "newsletter", 3, "csv")        # version 2
    assert change_segment(uow, s.id, 1, {"name": "B"}).version == 3
    with pytest.raises(ConcurrencyError):                    # a real change does
        change_segment(uow, s.id, 2, {"name": "C"})


def test_affiliation_criteria_are_checked_and_older_events_still_load():
    assert error(Segment.save, "s", name="x", organisation_kinds=["club"]).field == \
        "organisation_kinds"
    s = Segment.save("s1", name="A", organisation_kinds=["osim", "osim"])
    assert s.pending[0].organisation_kinds == ("osim",)
    old = registry.to_event("segment.saved", {"name": "Old", "roles": ["volunteer"]})
    assert old.organisation_kinds == () and old.organisation_ids == ()
    s.change({"organisation_kinds": ["funder"]})
    changed = s.pending[-1]
    assert changed.changed == ("organisation_kinds",) and changed.organisation_ids is None


def test_an_unknown_organisation_is_named():
    uow = UnitOfWork(InMemoryEventStore(registry), metadata=Metadata(actor="comm-1"))
    assert error(save_segment, uow, {"name": "x", "organisation_ids": ["nobody"]}).field == \
        "organisation_ids"
