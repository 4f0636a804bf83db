"""The model: back-references computed once, directly and through one single-valued hop."""

from __future__ import annotations

from hub.build import BuildReport, check
from hub.source.config import load_config


def model(root):
    checked = check(load_config(root), BuildReport())
    assert checked.site is not None
    return checked.site


def slugs(entries):
    return [e.slug for e in entries]


def test_city_lists_its_projects_and_country_lists_cities_and_projects(site_root):
    site = model(site_root)
    assert slugs(site.referrers("cities", "makassar", "projects")) == ["makassar-home-care"]
    assert slugs(site.referrers("countries", "ID", "cities")) == ["makassar"]
    assert slugs(site.referrers("countries", "ID", "projects")) == ["makassar-home-care"]
    assert slugs(site.referrers("countries", "ID", "meetings")) == ["2023-bali"]


def test_focus_areas_are_not_inherited_from_the_city(site_root):
    site = model(site_root)
    assert slugs(site.referrers("focus_areas", "health-and-well-being", "projects")) == ["makassar-home-care"]
    assert slugs(site.referrers("focus_areas", "civic-and-social", "projects")) == ["ascn-terms-of-reference"]
    assert slugs(site.referrers("focus_areas", "health-and-well-being", "cities")) == ["makassar"]


def test_translations_are_attached_to_their_base(site_root):
    site = model(site_root)
    makassar = site.entry("cities", "makassar")
    assert site.translation(makassar, "id").meta["title"] == "Makassar"
    assert site.translation(site.entry("cities", "da-nang"), "id") is None


def test_model_is_read_only(site_root):
    site = model(site_root)
    try:
        site.entries[("cities", "x")] = None
    except TypeError:
        return
    raise AssertionError("the model's entries can be changed")
