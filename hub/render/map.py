"""The map of member cities: an SVG drawn at build time, once per language, from Natural Earth outlines.

The outlines are Natural Earth's 1:50m countries (public domain) as TopoJSON, from the npm
package `world-atlas` 2.0.2 (ISC licence), vendored with its licence in site_src/data/world-atlas/.
Nothing is fetched when the site is built or viewed: no tiles, no third-party requests.

How it is drawn:
- the frame is the extent of the countries that hold a member city (found by testing each city's
  coordinates, from content, against the outlines), plus a margin; so the map covers ASEAN
  without a hand-kept list of countries or codes;
- equirectangular projection with its standard parallel in the middle of the frame;
- outlines are clipped to the frame, thinned to whole map units (the map is MAP_WIDTH units
  wide), and drawn as one path for the countries with member cities and one for the rest;
- each city is an SVG link (<a href>) whose accessible name is "City, Country"; its visible
  label is placed beside the dot where it overlaps no other label or dot.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from markupsafe import Markup, escape

from hub.core.reads import record
from hub.render.jsonld import country_of
from hub.source.schemas import POINT_FIELD

ATLAS = Path("site_src/data/world-atlas/countries-50m.json")
MAP_WIDTH = 1000           # map units across; the SVG scales to its box
MARGIN_DEGREES = 1.0       # around the countries with member cities
DOT_RADIUS = 6
LABEL_SIZE = 15            # font size of the city labels, in map units
LABEL_CHAR_WIDTH = 0.56    # a label's width per character, as a share of its font size (system sans-serif)
MEMBER_DETAIL = 0.8        # simplification tolerance for countries with member cities, in map units
OTHER_DETAIL = 1.5         # ... and for their neighbours, drawn for context
MIN_RING_SPAN = 1.5        # rings (islands) smaller than this many map units across are left out

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Country:
    """One country of the atlas: its Natural Earth name and its polygons (outer ring first, then holes)."""

    name: str
    polygons: tuple[tuple[Ring, ...], ...]
    bounds: tuple[tuple[float, float, float, float], ...]   # (west, south, east, north) of each polygon

    def contains(self, lon: float, lat: float) -> bool:
        return any(west <= lon <= east and south <= lat <= north and _inside(polygon, lon, lat)
                   for polygon, (west, south, east, north) in zip(self.polygons, self.bounds, strict=True))

    def rings_in(self, frame: "Frame") -> Iterable[Ring]:
        for polygon, (west, south, east, north) in zip(self.polygons, self.bounds, strict=True):
            if west < frame.east and east > frame.west and south < frame.north and north > frame.south:
                yield from polygon


def load_countries(path: Path) -> tuple[Country, ...]:
    """Every country of a TopoJSON topology (world-atlas' `countries` object), in longitude/latitude."""
    return _decode_countries(path.read_bytes())


@functools.lru_cache(maxsize=2)
def _decode_countries(data: bytes) -> tuple[Country, ...]:
    """Cached by the file's bytes: each build reads the atlas, but decodes it only when it changed."""
    topology = json.loads(data)
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(tuple(_ring(arcs, ring) for ring in polygon) for polygon in polygons)
        countries.append(Country(geometry.get("properties", {}).get("name", ""), rings,
                                 tuple(_bounds(polygon[0]) for polygon in rings)))
    return tuple(countries)


def _bounds(ring: Ring) -> tuple[float, float, float, float]:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _decode_arcs(topology: dict) -> list[Ring]:
    """TopoJSON arcs are delta-encoded integers; the transform turns them back into degrees."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        decoded.append(points)
    return decoded


def _ring(arcs: list[Ring], indices: Sequence[int]) -> Ring:
    """A ring from arc indices; a negative index ~i is arc i reversed. Consecutive arcs share an end point."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _inside(polygon: Sequence[Ring], x: float, y: float) -> bool:
    """Even-odd rule over all rings, so a point in a hole is outside."""
    inside = False
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@dataclass(frozen=True)
class Frame:
    """The part of the globe shown, and its equirectangular projection onto map units."""

    west: float
    south: float
    east: float
    north: float

    @property
    def x_scale(self) -> float:
        return MAP_WIDTH / ((self.east - self.west) * math.cos(math.radians((self.north + self.south) / 2)))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.x_scale)

    def project(self, lon: float, lat: float) -> Point:
        parallel = math.cos(math.radians((self.north + self.south) / 2))
        return (lon - self.west) * parallel * self.x_scale, (self.north - lat) * self.x_scale


def frame_around(countries: Iterable[Country], marks: Iterable[Point] = ()) -> Frame:
    """The frame around the outlines of `countries` and every point of `marks` (a mark no country
    holds, at sea or in a country the atlas lacks, is still drawn; a map of such marks alone is
    framed on them)."""
    points = [p for country in countries for polygon in country.polygons for p in polygon[0]] + list(marks)
    if not points:
        raise ValueError("a map of nothing: the caller draws none")
    return Frame(min(p[0] for p in points) - MARGIN_DEGREES, min(p[1] for p in points) - MARGIN_DEGREES,
                 max(p[0] for p in points) + MARGIN_DEGREES, max(p[1] for p in points) + MARGIN_DEGREES)


def _clip(ring: Ring, frame: Frame) -> Ring:
    """Sutherland–Hodgman clipping of a ring to a frame slightly larger than the one shown,
    so the straight edges it adds along the frame stay out of sight."""
    pad = MARGIN_DEGREES / 2
    edges = [(0, frame.west - pad, True), (0, frame.east + pad, False),
             (1, frame.south - pad, True), (1, frame.north + pad, False)]
    for axis, limit, keep_above in edges:
        if not ring:
            break
        inside = (lambda p, a=axis, v=limit: p[a] >= v) if keep_above else (lambda p, a=axis, v=limit: p[a] <= v)
        clipped: Ring = []
        for current, previous in zip(ring, ring[-1:] + ring[:-1], strict=True):
            if inside(current):
                if not inside(previous):
                    clipped.append(_cross(previous, current, axis, limit))
                clipped.append(current)
            elif inside(previous):
                clipped.append(_cross(previous, current, axis, limit))
        ring = clipped
    return ring


def _cross(a: Point, b: Point, axis: int, limit: float) -> Point:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def _path(rings: Iterable[Ring], frame: Frame, tolerance: float) -> str:
    """SVG path data in whole map units, simplified (Douglas–Peucker) to `tolerance` map units;
    rings too small to see are left out."""
    parts = []
    for ring in rings:
        projected = [frame.project(lon, lat) for lon, lat in _clip(ring, frame)]
        if len(projected) < 3:
            continue
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        if max(xs) - min(xs) < MIN_RING_SPAN and max(ys) - min(ys) < MIN_RING_SPAN:
            continue
        points = []
        for x, y in _simplify(projected, tolerance):
            point = (round(x), round(y))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        moves = [f"M{points[0][0]} {points[0][1]}"]
        previous = points[0]
        for x, y in points[1:]:   # relative moves are shorter
            moves.append(f"l{x - previous[0]} {y - previous[1]}")
            previous = (x, y)
        parts.append("".join(moves) + "z")
    return "".join(parts)


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on an open line (a ring's first point is kept as its start and end)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = first, 0.0
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / length if length else math.hypot(x - x1, y - y1)
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def city_map_svg(view) -> Markup:
    """The map for pages in view.lang (`view` is hub.render.renderer.View): names, links and labels in that language.

    It shows the entries of the collections with site.yaml's `map: true` that have coordinates; an
    entry's accessible name adds its country when its collection has a country field (jsonld.country_of)."""
    marks = []
    shown = [name for name, spec in view.site.config.collections.items() if spec.map]   # site.yaml's `map: true`
    for city in (entry for name in shown for entry in view.site.listing(name)):
        point = city.meta.get(POINT_FIELD)
        try:
            lat, lon = point["lat"], point["lon"]
        except (TypeError, KeyError):   # optional in its schema and left out: nowhere to put it
            continue
        title = view.title(city)
        country = country_of(city, view)
        name = f"{title}, {view.term_name(country[1])}" if country else title
        marks.append(CityMark(city.slug, lon, lat, title, name, view.url(city), country[0] if country else ""))
    if not marks:
        return Markup("")
    record(("file", ATLAS.as_posix()))
    return draw_city_map(marks, view.site.config.root / ATLAS, view.t("map_label", n=len(marks)))


@dataclass(frozen=True)
class CityMark:
    """What the map shows of one city; the caller supplies the words in the page's language."""

    slug: str
    lon: float
    lat: float
    label: str          # visible label: the city's name
    name: str           # accessible name: "City, Country"
    href: str
    country: str        # the city's country code; empty when its collection has no country field


def draw_city_map(marks: Sequence[CityMark], atlas: Path, label: str) -> Markup:
    """The <svg> of the map; each mark a link. Deterministic for the same marks and atlas."""
    frame, members, others = _outlines(atlas.read_bytes(), tuple((m.lon, m.lat) for m in marks))
    height = frame.height
    lines = [f'<svg class="city-map" viewBox="0 0 {MAP_WIDTH} {height}" width="{MAP_WIDTH}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" role="group" aria-label="{escape(label)}">',
             '<g aria-hidden="true">',
             f'<rect class="map-sea" width="{MAP_WIDTH}" height="{height}"/>',
             f'<path class="map-other" d="{others}"/>',
             f'<path class="map-member" d="{members}"/>',
             '</g>']
    placed = place_labels([frame.project(m.lon, m.lat) for m in marks], [m.label for m in marks], height)
    for mark, (x, y), label in zip(marks, (frame.project(m.lon, m.lat) for m in marks), placed, strict=True):
        text = ""
        if label is not None and mark.label:
            lx, ly, anchor = label
            align = f' text-anchor="{anchor}"' if anchor != "start" else ""
            text = f'<text x="{lx:.0f}" y="{ly:.0f}"{align}>{escape(mark.label)}</text>'
        lines.append(f'<a href="{escape(mark.href)}" aria-label="{escape(mark.name)}" data-city="{escape(mark.slug)}">'
                     f'<circle class="map-dot" cx="{x:.1f}" cy="{y:.1f}" r="{DOT_RADIUS}"/>{text}</a>')
    lines.append("</svg>")
    return Markup("\n".join(lines))


@functools.lru_cache(maxsize=4)
def _outlines(atlas: bytes, cities: tuple[Point, ...]) -> tuple[Frame, str, str]:
    """The frame and the two outline paths; they depend only on the atlas and the cities' positions,
    so the pages of every language share them."""
    countries = _decode_countries(atlas)
    holders = {i for i, country in enumerate(countries) if any(country.contains(lon, lat) for lon, lat in cities)}
    frame = frame_around((countries[i] for i in sorted(holders)), cities)
    members = _path((ring for i in sorted(holders) for ring in countries[i].rings_in(frame)), frame, MEMBER_DETAIL)
    others = _path((ring for i, country in enumerate(countries) if i not in holders
                    for ring in country.rings_in(frame)), frame, OTHER_DETAIL)
    return frame, members, others


# Where a label may go relative to its dot, in order of preference: (dx, dy, text-anchor).
_LABEL_SPOTS = [(1, 0, "start"), (-1, 0, "end"), (1, -1, "start"), (1, 1, "start"),
                (-1, -1, "end"), (-1, 1, "end"), (0, -1.6, "middle"), (0, 1.6, "middle")]


def place_labels(dots: Sequence[Point], labels: Sequence[str], height: float) -> list[tuple[float, float, str] | None]:
    """A position for each label beside its dot that overlaps no dot and no label placed before it,
    or None when there is no room (the city keeps its dot and its accessible name).

    Labels are placed west to east, so a crowded cluster keeps its outer names.
    """
    boxes = _Boxes()
    for i, (x, y) in enumerate(dots):
        boxes.add(i, (x - DOT_RADIUS, y - DOT_RADIUS, x + DOT_RADIUS, y + DOT_RADIUS))
    result: list = [None] * len(dots)
    gap = DOT_RADIUS + 3
    for i in sorted(range(len(dots)), key=lambda i: (dots[i][0], dots[i][1])):
        x, y = dots[i]
        width = len(labels[i]) * LABEL_SIZE * LABEL_CHAR_WIDTH
        for dx, dy, anchor in _LABEL_SPOTS:
            left = x + dx * gap if anchor == "start" else x + dx * gap - width if anchor == "end" else x - width / 2
            baseline = y + dy * (LABEL_SIZE * 0.6) + LABEL_SIZE * 0.35
            box = (left, baseline - LABEL_SIZE * 0.8, left + width, baseline + LABEL_SIZE * 0.2)
            if box[0] < 0 or box[2] > MAP_WIDTH or box[1] < 0 or box[3] > height:
                continue
            if not boxes.overlaps(box, but=i):   # its own dot aside
                boxes.add(len(dots) + i, box)
                text_x = x + dx * gap if anchor != "middle" else x
                result[i] = (text_x, baseline, anchor)
                break
    return result


class _Boxes:
    """Boxes filed by the cells of a grid they cover, so that finding what one overlaps looks only at
    its neighbours (a map of 800 cities would otherwise test every label against every box)."""

    CELL = 40.0

    def __init__(self):
        self._boxes: dict[int, tuple] = {}
        self._cells: dict[tuple[int, int], list[int]] = {}

    def add(self, key: int, box: tuple) -> None:
        self._boxes[key] = box
        for cell in self._cells_of(box):
            self._cells.setdefault(cell, []).append(key)

    def overlaps(self, box: tuple, but: int) -> bool:
        return any(key != but and _overlap(box, self._boxes[key])
                   for cell in self._cells_of(box) for key in self._cells.get(cell, ()))

    def _cells_of(self, box: tuple):
        size = self.CELL
        for cx in range(math.floor(box[0] / size), math.floor(box[2] / size) + 1):
            for cy in range(math.floor(box[1] / size), math.floor(box[3] / size) + 1):
                yield cx, cy


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
