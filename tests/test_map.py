"""The map of member cities (hub/render/map.py): TopoJSON decoding, clipping, the SVG and its links."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from hub.render import map as citymap

from conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"


def test_topojson_arcs_are_delta_decoded_with_the_transform_and_reversed_by_negative_index(tmp_path):
    topology = {"type": "Topology", "transform": {"scale": [0.5, 0.25], "translate": [100, -10]},
                "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}},
                    {"type": "MultiPolygon", "arcs": [[[~1, ~0]]], "properties": {"name": "Backwards"}}]}}}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(topology))
    square, backwards = citymap.load_countries(path)
    assert square.name == "Square"
    assert square.polygons[0][0] == [(100, -10), (102, -10), (102, -9), (100, -9), (100, -10)]
    assert backwards.polygons[0][0] == square.polygons[0][0][::-1]
    assert square.contains(101, -9.5) and not square.contains(103, -9.5)


def test_a_point_in_a_hole_is_outside():
    outer = [(0, 0), (10, 0), (10, 10), (0, 10)]
    hole = [(4, 4), (6, 4), (6, 6), (4, 6)]
    country = citymap.Country("Ring", ((outer, hole),), ((0, 0, 10, 10),))
    assert country.contains(2, 2) and not country.contains(5, 5)


def test_rings_are_clipped_to_the_frame():
    frame = citymap.Frame(0, 0, 10, 10)
    clipped = citymap._clip([(-50, 5), (5, 5), (5, 60)], frame)
    pad = citymap.MARGIN_DEGREES / 2
    assert all(-pad - 1e-9 <= x <= 10 + pad + 1e-9 and -pad - 1e-9 <= y <= 10 + pad + 1e-9 for x, y in clipped)


def test_labels_never_overlap_each_other_or_a_dot():
    dots = [(100, 100), (104, 102), (108, 98), (500, 300)]
    placed = citymap.place_labels(dots, ["Bangkok", "Chonburi", "Rayong", "Makassar"], 600)
    boxes = []
    for _dot, label, spot in zip(dots, ["Bangkok", "Chonburi", "Rayong", "Makassar"], placed):
        if spot is None:
            continue
        lx, baseline, anchor = spot
        width = len(label) * citymap.LABEL_SIZE * citymap.LABEL_CHAR_WIDTH
        left = lx if anchor == "start" else lx - width if anchor == "end" else lx - width / 2
        boxes.append((left, baseline - citymap.LABEL_SIZE * 0.8, left + width, baseline + citymap.LABEL_SIZE * 0.2))
    assert placed[3] is not None           # a city on its own always gets its name
    for i, a in enumerate(boxes):
        assert not any(citymap._overlap(a, b) for b in boxes[i + 1:])
        assert not any(citymap._overlap(a, (x - citymap.DOT_RADIUS, y - citymap.DOT_RADIUS,
                                            x + citymap.DOT_RADIUS, y + citymap.DOT_RADIUS)) for x, y in dots)


def test_built_map_links_every_city_with_its_name_and_country(small_built):
    root = small_built
    for page, prefix, country in (("index.html", "", "Indonesia"), ("cities/index.html", "", "Indonesia"),
                                  ("id/cities/index.html", "/id", "Indonesia")):
        html = (root / "public" / page).read_text(encoding="utf-8")
        svg = ET.fromstring(re.search(r"<svg class=\"city-map\".*?</svg>", html, re.S).group(0))
        width, height = (float(n) for n in svg.get("viewBox").split()[2:])
        assert svg.get("width") and svg.get("height")
        links = {a.get("data-city"): a for a in svg.iter(f"{SVG}a")}
        assert set(links) == {"makassar", "da-nang"}
        assert links["makassar"].get("href") == f"{prefix}/cities/makassar/"
        assert links["makassar"].get("aria-label") == f"Makassar, {country}"
        assert links["da-nang"].get("aria-label").startswith("Da Nang, ")
        for link in links.values():
            dot = link.find(f"{SVG}circle")
            assert 0 < float(dot.get("cx")) < width and 0 < float(dot.get("cy")) < height
        assert "Natural Earth" in html


def test_map_is_framed_on_the_countries_that_hold_member_cities():
    marks = [citymap.CityMark("makassar", 119.43194, -5.14861, "Makassar", "Makassar, Indonesia", "/m/", "ID"),
             citymap.CityMark("mandalay", 96.08, 21.97, "Mandalay", "Mandalay, Myanmar", "/y/", "MM")]
    frame, members, others = citymap._outlines((REPO / citymap.ATLAS).read_bytes(),
                                               tuple((m.lon, m.lat) for m in marks))
    # Indonesia reaches past 141° E and 10° S, Myanmar past 28° N: both are inside the frame.
    assert frame.west < 93 and frame.east > 141 and frame.south < -10 and frame.north > 28
    assert members and others
    assert citymap.draw_city_map(marks, REPO / citymap.ATLAS, "Map") == \
        citymap.draw_city_map(marks, REPO / citymap.ATLAS, "Map")


def test_marks_no_country_holds_are_framed_and_drawn():
    """A collection's points at sea (or in a country the atlas lacks) are still on the map, inside it."""
    at_sea = [citymap.CityMark("buoy", 110.0, 12.0, "Buoy", "Buoy", "/b/", ""),
              citymap.CityMark("rig", 112.5, 9.0, "Rig", "Rig", "/r/", "")]
    frame, members, others = citymap._outlines((REPO / citymap.ATLAS).read_bytes(), tuple((m.lon, m.lat) for m in at_sea))
    assert members == ""
    for mark in at_sea:
        x, y = frame.project(mark.lon, mark.lat)
        assert 0 < x < citymap.MAP_WIDTH and 0 < y < frame.height
    assert 'data-city="buoy"' in citymap.draw_city_map(at_sea, REPO / citymap.ATLAS, "Map")
    with_city = at_sea + [citymap.CityMark("makassar", 119.43194, -5.14861, "Makassar", "Makassar", "/m/", "ID")]
    frame = citymap._outlines((REPO / citymap.ATLAS).read_bytes(), tuple((m.lon, m.lat) for m in with_city))[0]
    assert all(0 < frame.project(m.lon, m.lat)[0] < citymap.MAP_WIDTH for m in with_city)


def test_atlas_is_vendored_with_its_licence():
    folder = REPO / "site_src/data/world-atlas"
    assert "Michael Bostock" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert json.loads((folder / "package.json").read_text(encoding="utf-8"))["name"] == "world-atlas"
