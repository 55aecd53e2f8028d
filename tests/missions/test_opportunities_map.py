"""The map of Europe drawn from the shipped Natural Earth file: every destination has an
outline, and the colour classes follow the counts."""
from services.missions.opportunities.domain import EUROPE
from services.missions.opportunities.map import SHADES, atlas, shade


def test_every_destination_and_morocco_have_an_outline():
    drawn = {o.code for o in atlas().outlines}
    assert set(EUROPE) <= drawn
    assert "MA" in drawn
    assert "CN" not in drawn  # far outside the frame: not drawn at all
    france = next(o for o in atlas().outlines if o.code == "FR")
    assert france.path.startswith("M") and france.path.count("Z") >= 2  # Corsica


def test_france_lies_west_of_poland_on_the_map():
    def centre(code):
        outline = next(o for o in atlas().outlines if o.code == code)
        first = outline.path[1:].split("L")[0].split(",")
        return float(first[0]), float(first[1])
    assert centre("PT")[0] < centre("FR")[0] < centre("PL")[0]
    assert centre("NO")[1] < centre("ES")[1]  # north is up
    assert 0 < centre("FR")[0] < atlas().width and 0 < centre("FR")[1] < atlas().height


def test_colour_classes_follow_the_counts():
    assert shade(0, 8) == 0
    assert shade(1, 8) == 1
    assert shade(2, 8) == 1
    assert shade(3, 8) == 2
    assert shade(6, 8) == 3
    assert shade(8, 8) == 4
    assert shade(1, 1) == 4
    assert shade(3, 0) == 0
    assert len(SHADES) == 5


def test_the_legend_gives_each_class_its_counts():
    from services.missions.opportunities.map import legend
    assert legend(0) == [(0, 0, 0)]
    assert legend(1) == [(0, 0, 0), (4, 1, 1)]
    assert legend(8) == [(0, 0, 0), (1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]
    for most in range(1, 30):  # the legend and the colouring agree on every count
        for k, low, high in legend(most)[1:]:
            assert {shade(c, most) for c in range(low, high + 1)} == {k}
