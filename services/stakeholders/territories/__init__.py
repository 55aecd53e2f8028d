"""Territories as staff know them: French regions and départements, Moroccan regions and
provinces or prefectures. Reference data (pure Python, no I/O), used for the select lists of
the person and organisation forms and to validate what is typed.

Values are stored by name, as written here (the canonical spelling); what staff type is
matched without regard to case, accents, hyphens or apostrophes ("souss massa" ->
"Souss-Massa"). The regions of each country are listed in the order the forms show them:
Provence-Alpes-Côte d'Azur first in France, Souss-Massa first in Morocco.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# (region, [(code, département)]) — the 13 metropolitan regions, then the overseas ones.
FRANCE: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Provence-Alpes-Côte d'Azur", (
        ("04", "Alpes-de-Haute-Provence"), ("05", "Hautes-Alpes"), ("06", "Alpes-Maritimes"),
        ("13", "Bouches-du-Rhône"), ("83", "Var"), ("84", "Vaucluse"))),
    ("Auvergne-Rhône-Alpes", (
        ("01", "Ain"), ("03", "Allier"), ("07", "Ardèche"), ("15", "Cantal"), ("26", "Drôme"),
        ("38", "Isère"), ("42", "Loire"), ("43", "Haute-Loire"), ("63", "Puy-de-Dôme"),
        ("69", "Rhône"), ("73", "Savoie"), ("74", "Haute-Savoie"))),
    ("Bourgogne-Franche-Comté", (
        ("21", "Côte-d'Or"), ("25", "Doubs"), ("39", "Jura"), ("58", "Nièvre"),
        ("70", "Haute-Saône"), ("71", "Saône-et-Loire"), ("89", "Yonne"),
        ("90", "Territoire de Belfort"))),
    ("Bretagne", (
        ("22", "Côtes-d'Armor"), ("29", "Finistère"), ("35", "Ille-et-Vilaine"),
        ("56", "Morbihan"))),
    ("Centre-Val de Loire", (
        ("18", "Cher"), ("28", "Eure-et-Loir"), ("36", "Indre"), ("37", "Indre-et-Loire"),
        ("41", "Loir-et-Cher"), ("45", "Loiret"))),
    ("Corse", (("2A", "Corse-du-Sud"), ("2B", "Haute-Corse"))),
    ("Grand Est", (
        ("08", "Ardennes"), ("10", "Aube"), ("51", "Marne"), ("52", "Haute-Marne"),
        ("54", "Meurthe-et-Moselle"), ("55", "Meuse"), ("57", "Moselle"), ("67", "Bas-Rhin"),
        ("68", "Haut-Rhin"), ("88", "Vosges"))),
    ("Hauts-de-France", (
        ("02", "Aisne"), ("59", "Nord"), ("60", "Oise"), ("62", "Pas-de-Calais"),
        ("80", "Somme"))),
    ("Île-de-France", (
        ("75", "Paris"), ("77", "Seine-et-Marne"), ("78", "Yvelines"), ("91", "Essonne"),
        ("92", "Hauts-de-Seine"), ("93", "Seine-Saint-Denis"), ("94", "Val-de-Marne"),
        ("95", "Val-d'Oise"))),
    ("Normandie", (
        ("14", "Calvados"), ("27", "Eure"), ("50", "Manche"), ("61", "Orne"),
        ("76", "Seine-Maritime"))),
    ("Nouvelle-Aquitaine", (
        ("16", "Charente"), ("17", "Charente-Maritime"), ("19", "Corrèze"), ("23", "Creuse"),
        ("24", "Dordogne"), ("33", "Gironde"), ("40", "Landes"), ("47", "Lot-et-Garonne"),
        ("64", "Pyrénées-Atlantiques"), ("79", "Deux-Sèvres"), ("86", "Vienne"),
        ("87", "Haute-Vienne"))),
    ("Occitanie", (
        ("09", "Ariège"), ("11", "Aude"), ("12", "Aveyron"), ("30", "Gard"),
        ("31", "Haute-Garonne"), ("32", "Gers"), ("34", "Hérault"), ("46", "Lot"),
        ("48", "Lozère"), ("65", "Hautes-Pyrénées"), ("66", "Pyrénées-Orientales"),
        ("81", "Tarn"), ("82", "Tarn-et-Garonne"))),
    ("Pays de la Loire", (
        ("44", "Loire-Atlantique"), ("49", "Maine-et-Loire"), ("53", "Mayenne"),
        ("72", "Sarthe"), ("85", "Vendée"))),
    # overseas: each region is a single département
    ("Guadeloupe", (("971", "Guadeloupe"),)),
    ("Martinique", (("972", "Martinique"),)),
    ("Guyane", (("973", "Guyane"),)),
    ("La Réunion", (("974", "La Réunion"),)),
    ("Mayotte", (("976", "Mayotte"),)),
)

# (region, [(kind, province or prefecture)]) — the 12 regions of the 2015 division.
# kind: "prefecture" (préfecture) or "province".
MOROCCO: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Souss-Massa", (
        ("prefecture", "Agadir Ida-Outanane"), ("prefecture", "Inezgane-Aït Melloul"),
        ("province", "Chtouka-Aït Baha"), ("province", "Taroudant"), ("province", "Tiznit"),
        ("province", "Tata"))),
    ("Tanger-Tétouan-Al Hoceïma", (
        ("prefecture", "Tanger-Assilah"), ("prefecture", "M'diq-Fnideq"),
        ("province", "Tétouan"), ("province", "Fahs-Anjra"), ("province", "Larache"),
        ("province", "Al Hoceïma"), ("province", "Chefchaouen"), ("province", "Ouezzane"))),
    ("L'Oriental", (
        ("prefecture", "Oujda-Angad"), ("province", "Nador"), ("province", "Driouch"),
        ("province", "Jerada"), ("province", "Berkane"), ("province", "Taourirt"),
        ("province", "Guercif"), ("province", "Figuig"))),
    ("Fès-Meknès", (
        ("prefecture", "Fès"), ("prefecture", "Meknès"), ("province", "El Hajeb"),
        ("province", "Ifrane"), ("province", "Moulay Yacoub"), ("province", "Sefrou"),
        ("province", "Boulemane"), ("province", "Taounate"), ("province", "Taza"))),
    ("Rabat-Salé-Kénitra", (
        ("prefecture", "Rabat"), ("prefecture", "Salé"), ("prefecture", "Skhirate-Témara"),
        ("province", "Kénitra"), ("province", "Khémisset"), ("province", "Sidi Kacem"),
        ("province", "Sidi Slimane"))),
    ("Béni Mellal-Khénifra", (
        ("province", "Béni Mellal"), ("province", "Azilal"), ("province", "Fquih Ben Salah"),
        ("province", "Khénifra"), ("province", "Khouribga"))),
    ("Casablanca-Settat", (
        ("prefecture", "Casablanca"), ("prefecture", "Mohammédia"), ("province", "El Jadida"),
        ("province", "Nouaceur"), ("province", "Médiouna"), ("province", "Benslimane"),
        ("province", "Berrechid"), ("province", "Settat"), ("province", "Sidi Bennour"))),
    ("Marrakech-Safi", (
        ("prefecture", "Marrakech"), ("province", "Chichaoua"), ("province", "Al Haouz"),
        ("province", "El Kelâa des Sraghna"), ("province", "Essaouira"),
        ("province", "Rehamna"), ("province", "Safi"), ("province", "Youssoufia"))),
    ("Drâa-Tafilalet", (
        ("province", "Errachidia"), ("province", "Ouarzazate"), ("province", "Midelt"),
        ("province", "Tinghir"), ("province", "Zagora"))),
    ("Guelmim-Oued Noun", (
        ("province", "Guelmim"), ("province", "Assa-Zag"), ("province", "Tan-Tan"),
        ("province", "Sidi Ifni"))),
    ("Laâyoune-Sakia El Hamra", (
        ("province", "Laâyoune"), ("province", "Boujdour"), ("province", "Tarfaya"),
        ("province", "Es-Semara"))),
    ("Dakhla-Oued Ed-Dahab", (
        ("province", "Oued Ed-Dahab"), ("province", "Aousserd"))),
)

COUNTRIES = {"FR": FRANCE, "MA": MOROCCO}


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


@lru_cache(maxsize=4096)
def key(text: str | None) -> str:
    """What two spellings of a place share: no case, accents, hyphens or apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    for mark in "-'’_.":
        bare = bare.replace(mark, " ")
    return " ".join(bare.split())


def has_reference(country: str | None) -> bool:
    return (country or "").upper() in COUNTRIES


def regions(country: str | None) -> list[str]:
    return [name for name, _ in COUNTRIES.get((country or "").upper(), ())]


def subdivisions(country: str | None, region: str | None = None) -> list[tuple[str, str]]:
    """[(region, province or département)] of a country, or of one of its regions."""
    wanted = key(region) if region else None
    return [(name, sub) for name, subs in COUNTRIES.get((country or "").upper(), ())
            if wanted is None or key(name) == wanted for _, sub in subs]


def grouped(country: str | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(region, [(value, label)])] for a select with one group per region; French
    départements are labelled with their number ("13 Bouches-du-Rhône")."""
    country = (country or "").upper()
    out = []
    for name, subs in COUNTRIES.get(country, ()):
        out.append((name, [(sub, f"{code} {sub}" if country == "FR" else sub)
                           for code, sub in subs]))
    return out


def department_code(name: str | None) -> str | None:
    for _, subs in FRANCE:
        for code, sub in subs:
            if sub == name:
                return code
    return None


@dataclass(frozen=True)
class TerritoryError(ValueError):
    """`field` is "region" or "province"; `message` an English msgid."""
    field: str
    message: str


@lru_cache(maxsize=4096)  # an import checks the same few places on every row
def canonical(country: str | None, region: str | None,
              province: str | None) -> tuple[str | None, str | None]:
    """The canonical (region, province) of a place in France or Morocco, matched however
    it was typed; raises TerritoryError naming the field that is not known. A province
    alone gives its region; a province must belong to the region given. For other countries
    the values are returned as they are: free text. A region or province needs a country."""
    country = (country or "").upper()
    if not country and (region or province):
        raise TerritoryError("region" if region else "province",
                             N_("Choose the country first: a region belongs to a country."))
    if country not in COUNTRIES:
        return region, province
    found_region = None
    if region:
        matches = [name for name in regions(country) if key(name) == key(region)]
        if not matches:
            raise TerritoryError("region", N_("This region is not known in this country."))
        found_region = matches[0]
    found_province = None
    if province:
        typed = key(province)  # "Bouches-du-Rhône", "13 Bouches-du-Rhône" or "13"
        places = [(r, p) for r, p in subdivisions(country)
                  if typed in (key(p), key(f"{department_code(p)} {p}"),
                               key(department_code(p)))]
        if not places:
            raise TerritoryError("province", N_("This province or département is not known "
                                                "in this country."))
        in_region = [pl for pl in places if found_region is None or pl[0] == found_region]
        if not in_region:
            raise TerritoryError("province", N_("This province or département is not in the "
                                                "region chosen."))
        found_region = found_region or in_region[0][0]
        found_province = in_region[0][1]
    return found_region, found_province


def errors_in(data: dict, country: str, region: str, province: str) -> dict[str, list[str]]:
    """{field name: [English msgid]} when the region or province of `data` (a command's
    fields, named by the three arguments) is not a place of the reference data of its
    country, or is given without a country; {} when it is, or when the country has none
    (free text). Without the country among `data` (a correction of the region alone) the
    domain checks against the record's country."""
    if country not in data:
        return {}
    try:
        canonical(data.get(country), data.get(region), data.get(province))
    except TerritoryError as exc:
        return {region if exc.field == "region" else province: [exc.message]}
    return {}


def spell_in(data: dict, country: str, region: str, province: str) -> dict:
    """`data` with its region and province spelled as the reference data does (and the
    region filled in from the province), when its country is France or Morocco."""
    if has_reference(data.get(country)) and (data.get(region) or data.get(province)):
        try:
            found = canonical(data.get(country), data.get(region), data.get(province))
        except TerritoryError:
            return data
        for name, value in zip((region, province), found):
            if value is not None:
                data[name] = value
    return data
