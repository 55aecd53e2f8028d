"""The organisation's rules, its affiliations and interactions: pure domain, no I/O."""
import datetime as dt

import pytest

from services.stakeholders import territories
from services.stakeholders.organisations.domain import (Interaction, Organisation, siret_ok)
from shared.eventstore import DomainError

SIRET = "73282932000074"   # valid Luhn
HOST = {"name": "Maison des jeunes de Tiznit", "kind": "host_structure", "country": "MA",
        "region": "Souss-Massa", "province": "Tiznit", "approval_number": "NA-013-22-00042-00",
        "approval_start": dt.date(2023, 1, 1), "approval_end": dt.date(2026, 1, 1),
        "capacity": 4}


def error_of(fn, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    return exc.value


def test_register_records_the_cleaned_details():
    org = Organisation.register("o1", name="  Association  Tifawin ", kind="osim",
                                country="fr", region="provence alpes cote d azur",
                                province="13", siret="732 829 320 00074", rna="w133000000",
                                programmes=["PRA", "PRA", " "], email="Contact@Tifawin.ORG")
    (event,) = org.pending
    assert event.type == "organisation.registered"
    assert event.name == "Association Tifawin" and event.country == "FR"
    assert event.region == "Provence-Alpes-Côte d'Azur" and event.province == "Bouches-du-Rhône"
    assert event.siret == SIRET and event.rna == "W133000000"
    assert event.programmes == ("PRA",) and event.email == "contact@tifawin.org"


@pytest.mark.parametrize("siret", ["73282932000075", "1234", "7328293200007A"])
def test_siret_needs_14_digits_and_a_valid_luhn_key(siret):
    assert not siret_ok(siret)
    assert error_of(Organisation.register, "o", name="X", kind="company", siret=siret).field == "siret"


def test_la_poste_establishments_have_their_own_check():
    assert siret_ok("35600000000048") and siret_ok(SIRET)


def test_rna_and_ice_formats_and_their_countries():
    assert error_of(Organisation.register, "o", name="X", kind="association",
                    rna="W12345").field == "rna"
    assert error_of(Organisation.register, "o", name="X", kind="company",
                    ice="12345678901234").field == "ice"
    ok = Organisation.register("o", name="X", kind="company", country="MA",
                               ice="001 234 567 000 089")
    assert ok.pending[0].ice == "001234567000089"
    wrong_country = error_of(Organisation.register, "o", name="X", kind="company",
                             country="MA", siret=SIRET)
    assert wrong_country.field == "siret" and "France" in wrong_country.message
    assert error_of(Organisation.register, "o", name="X", kind="company", country="FR",
                    ice="001234567000089").field == "ice"


def test_name_and_kind_are_required():
    assert error_of(Organisation.register, "o", name=" ", kind="osim").field == "name"
    assert error_of(Organisation.register, "o", name="X", kind="club").field == "kind"
    assert error_of(Organisation.register, "o", name="X", kind="osim", colour="red").field == "colour"


def test_territory_must_be_known_for_france_and_morocco():
    assert error_of(Organisation.register, "o", name="X", kind="osim", country="MA",
                    region="Atlantis").field == "region"
    wrong_region = error_of(Organisation.register, "o", name="X", kind="osim", country="MA",
                            region="Souss-Massa", province="Nador")
    assert wrong_region.field == "province"
    # a province alone gives its region; other countries are free text
    alone = Organisation.register("o", name="X", kind="osim", country="MA",
                                  province="inezgane ait melloul").pending[0]
    assert (alone.region, alone.province) == ("Souss-Massa", "Inezgane-Aït Melloul")
    free = Organisation.register("o", name="X", kind="osim", country="SN",
                                 region="Dakar").pending[0]
    assert free.region == "Dakar"


def test_approval_only_for_host_structures_with_coherent_dates_and_capacity():
    Organisation.register("o", **HOST)
    not_host = error_of(Organisation.register, "o", **{**HOST, "kind": "funder"})
    assert not_host.field == "approval_number"
    assert error_of(Organisation.register, "o", **{**HOST, "approval_end": dt.date(2022, 1, 1)}
                    ).field == "approval_end"
    for capacity in (0, -2, True, "3"):
        assert error_of(Organisation.register, "o", **{**HOST, "capacity": capacity}
                        ).field == "capacity"
    dates_only = {**HOST, "approval_number": None}
    assert error_of(Organisation.register, "o", **dates_only).field == "approval_number"


def test_correct_carries_only_what_changed_and_keeps_the_rules():
    org = Organisation.register("o", **HOST)
    org.correct({"capacity": 6, "name": HOST["name"], "town": "Tiznit"})
    event = org.pending[-1]
    assert event.type == "organisation.corrected" and event.changed == ("town", "capacity")
    assert event.to_data() == {"changed": ["town", "capacity"], "town": "Tiznit", "capacity": 6}
    # turning it into a funder while it holds an approval is refused
    assert error_of(org.correct, {"kind": "funder"}).field == "approval_number"
    org.correct({"kind": "funder", **{k: None for k in ("approval_number", "approval_start",
                                                        "approval_end", "capacity")}})
    assert error_of(org.correct, {"town": "Tiznit"}).message == "Nothing changed."


def test_archive_then_nothing_more():
    org = Organisation.register("o", name="X", kind="media")
    org.archive(" fermée ")
    assert org.pending[-1].reason == "fermée"
    assert error_of(org.correct, {"name": "Y"})
    assert error_of(org.archive)
    assert error_of(org.add_affiliation, "a1", "p1", "Membre", dt.date(2024, 1, 1))


def test_affiliations_with_dates():
    org = Organisation.register("o", name="X", kind="osim")
    start = dt.date(2024, 3, 1)
    org.add_affiliation("a1", "p1", " Présidente ", start)
    added = org.pending[-1]
    assert added.type == "organisation.affiliation_added"
    assert added.to_data() == {"affiliation_id": "a1", "person_id": "p1", "role": "Présidente",
                               "start": "2024-03-01", "end": None}
    assert error_of(org.add_affiliation, "a2", "p1", "présidente", start).field == "role"
    assert error_of(org.add_affiliation, "a2", "p2", "", start).field == "role"
    assert error_of(org.add_affiliation, "a2", "p2", "Membre", None).field == "start"
    assert error_of(org.add_affiliation, "a2", "p2", "Membre", start,
                    dt.date(2024, 2, 1)).field == "end"
    assert error_of(org.end_affiliation, "a1", dt.date(2024, 2, 28)).field == "end"
    org.end_affiliation("a1", dt.date(2024, 12, 31))
    assert org.affiliations["a1"].end == dt.date(2024, 12, 31)
    assert error_of(org.end_affiliation, "a1", dt.date(2025, 1, 1)).field == "end"
    org.remove_affiliation("a1", "erreur")
    assert "a1" not in org.affiliations
    assert error_of(org.remove_affiliation, "a1").field == "affiliation_id"
    rebuilt = Organisation.rebuild("o", org.pending)
    assert rebuilt.version == org.version and rebuilt.affiliations == {}


def test_interactions():
    today = dt.date(2024, 6, 1)
    i = Interaction.record_new("i1", subject_type="person", subject_id="p1", kind="call",
                               date=today, author_id="staff-1", summary="  Suivi  ",
                               notes="  ", today=today)
    event = i.pending[0]
    assert event.summary == "Suivi" and event.notes is None and event.author_id == "staff-1"
    assert "notes" in event.personal_data
    base = dict(subject_type="person", subject_id="p1", kind="call", date=today,
                author_id="s", summary="x", today=today)
    assert error_of(Interaction.record_new, "i", **{**base, "kind": "lunch"}).field == "kind"
    assert error_of(Interaction.record_new, "i", **{**base, "date": today + dt.timedelta(1)}
                    ).field == "date"
    assert error_of(Interaction.record_new, "i", **{**base, "summary": ""}).field == "summary"
    assert error_of(Interaction.record_new, "i", **{**base, "subject_type": "planet"})
    i.remove()
    assert error_of(i.remove)


def test_reference_territories_are_complete_and_in_staff_order():
    assert territories.regions("FR")[0] == "Provence-Alpes-Côte d'Azur"
    assert len(territories.FRANCE) == 18 and sum(len(d) for _, d in territories.FRANCE) == 101
    assert territories.regions("MA")[0] == "Souss-Massa" and len(territories.MOROCCO) == 12
    assert [p for _, p in territories.subdivisions("MA", "souss massa")] == [
        "Agadir Ida-Outanane", "Inezgane-Aït Melloul", "Chtouka-Aït Baha", "Taroudant",
        "Tiznit", "Tata"]
    assert sum(len(p) for _, p in territories.MOROCCO) == 75
    assert territories.grouped("FR")[0][1][3] == ("Bouches-du-Rhône", "13 Bouches-du-Rhône")
