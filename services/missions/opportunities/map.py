"""The map of Europe: country outlines from the Natural Earth file shipped with the project
(world-atlas 2.0.2, countries-50m TopoJSON, in services/missions/static/world-atlas/), drawn
as SVG paths on the server in the Lambert azimuthal equal-area projection of Europe
(EPSG:3035's). Nothing is fetched at run time; the outlines are worked out once per process.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pycountry

ATLAS = Path(__file__).resolve().parents[1] / "static" / "world-atlas" / "countries-50m.json"
LON0, LAT0 = math.radians(10), math.radians(52)
# The part of the world shown: Europe, and Morocco to the south.
WEST, EAST, SOUTH, NORTH = -25.0, 45.0, 27.0, 71.5
WIDTH = 800.0
MARGIN = 10.0  # beyond the frame, in map units
SHADES = ("#e4e7eb", "#c7e9c0", "#74c476", "#31a354", "#006d2c")  # 0, then by quarter


@dataclass(frozen=True)
class Outline:
    code: str | None   # ISO 3166-1 alpha-2 (None for territories without one)
    name: str          # the atlas's English name
    path: str          # SVG path data in the map's coordinates


@dataclass(frozen=True)
class Atlas:
    width: float
    height: float
    outlines: tuple[Outline, ...]


def shade(count: int, most: int) -> int:
    """The colour class of a country: 0 without open opportunities, else 1..4 by quarter
    of the busiest country's count."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / most)))


def legend(most: int) -> list[tuple[int, int, int]]:
    """(class, lowest count, highest count) of each colour class in use, 0 first."""
    rows = [(0, 0, 0)]
    for k in range(1, 5):
        low, high = most * (k - 1) // 4 + 1, most * k // 4
        if low <= high:
            rows.append((k, low, high))
    return rows


def _project(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon) - LON0, math.radians(lat)
    k = math.sqrt(2 / (1 + math.sin(LAT0) * math.sin(phi)
                       + math.cos(LAT0) * math.cos(phi) * math.cos(lam)))
    return (k * math.cos(phi) * math.sin(lam),
            k * (math.cos(LAT0) * math.sin(phi) - math.sin(LAT0) * math.cos(phi) * math.cos(lam)))


def _frame() -> tuple[float, float, float, float]:
    """min x, max y, scale, height: the shown box, projected, fitted to WIDTH."""
    points = [_project(WEST + (EAST - WEST) * i / 20, SOUTH + (NORTH - SOUTH) * j / 20)
              for i in range(21) for j in range(21)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    scale = WIDTH / (max(xs) - min(xs))
    return min(xs), max(ys), scale, (max(ys) - min(ys)) * scale


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs in degrees (TopoJSON stores them quantised and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _visible(ring: list[tuple[float, float]]) -> bool:
    return any(WEST - 10 <= lon <= EAST + 10 and SOUTH - 5 <= lat <= NORTH + 5
               for lon, lat in ring)


def _code(numeric: str | None) -> str | None:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else None


@functools.lru_cache(maxsize=1)
def atlas() -> Atlas:
    topology = json.loads(ATLAS.read_text())
    arcs = _arcs(topology)
    x0, y0, scale, height = _frame()
    outlines = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs")],
                    "MultiPolygon": geometry.get("arcs")}.get(geometry["type"]) or []
        parts = []
        for polygon in polygons:
            rings = [_ring(r, arcs) for r in polygon]
            if not rings or not _visible(rings[0]):
                continue
            for ring in rings:
                parts.append(_path(ring, x0, y0, scale, height))
        if parts:
            outlines.append(Outline(_code(geometry.get("id")), geometry["properties"]["name"],
                                    "".join(parts)))
    return Atlas(WIDTH, round(height, 1), tuple(outlines))


def _path(ring, x0: float, y0: float, scale: float, height: float) -> str:
    """The ring in map coordinates. Points beyond the frame are clamped to a box just
    outside it: what is shown stays exact, and far coasts (Siberia) cost a few points."""
    out, last = [], None
    for lon, lat in ring:
        x, y = _project(lon, lat)
        point = (round(min(max((x - x0) * scale, -MARGIN), WIDTH + MARGIN), 1),
                 round(min(max((y0 - y) * scale, -MARGIN), height + MARGIN), 1))
        if point != last:
            out.append(f"{point[0]:g},{point[1]:g}")
            last = point
    return "M" + "L".join(out) + "Z"
