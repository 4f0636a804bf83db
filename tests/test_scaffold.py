"""`build.py new`: the scaffold round-trip (new -> check fails on every TODO -> fill in -> check passes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hub.cli import main
from hub.source.config import load_config
from hub.source.schemas import load_schemas

from helpers import run_check, slow_but, write

# A real value for each field the scaffold leaves as TODO, by field name.
FILLED = {
    "summary": "A place the tests use to prove that a filled-in scaffold passes the check.",
    "sources": "https://example.org/source",
    "country": "ID",
    "lat": "-6.2",
    "lon": "106.8",
    "joined": "2019",
    "city": "makassar",
    "focus_areas": "health-and-well-being",
    "focus_areas_basis": "editorial",
    "edition": "99",
    "year": "2030",
    "start_date": "2030-05-01",
    "location": "A conference hall",
    "format": "hybrid",
    "title": "A translated title",
}
BODY = "The text of the entry, written by a contributor."


def new(root: Path, *args: str) -> int:
    return main(["new", *args], root=root)


def todo_places(text: str) -> list[tuple[int, int]]:
    """(line, col) of every TODO that is not inside a comment, as a contributor's editor shows them."""
    places = []
    for number, line in enumerate(text.split("\n"), start=1):
        code = line.split(" #")[0]
        if not line.startswith("#") and "TODO" in code:
            places.append((number, code.index("TODO") + 1))
    return places


def fill_in(text: str) -> str:
    """Replace each TODO by a real value, as a contributor would."""
    lines, key = [], None
    for line in text.split("\n"):
        field = re.match(r"^\s*(\w+):", line)
        if field:
            key = field.group(1)
        if line.startswith("TODO"):
            line = BODY
        elif not line.startswith("#") and "TODO" in line.split(" #")[0]:
            line = line.replace("TODO", FILLED[key], 1)
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("kind, folder", slow_but([("city", "cities"), ("project", "projects"), ("meeting", "meetings")],
                                                  ("project", "projects")))
def test_new_entry_fails_check_on_each_todo_line_until_filled_in(site_root, capsys, kind, folder):
    assert new(site_root, kind, "brand-new", "--title", "Brand New") == 0
    path = site_root / "content" / folder / "brand-new.md"
    assert f"created content/{folder}/brand-new.md" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert "title: Brand New" in text

    # errors only: a new project is also warned that its focus areas lack their basis (focus-basis-missing)
    problems = [d for d in run_check(site_root) if d.severity == "error"]
    assert {d.code for d in problems} == {"todo"}, [d.text() for d in problems]
    assert [(d.path, d.line, d.col) for d in problems] == \
        [(f"content/{folder}/brand-new.md", line, col) for line, col in todo_places(text)]
    assert all("replace" in d.message or "replace" in d.hint for d in problems)

    path.write_text(fill_in(text), encoding="utf-8")
    assert [d for d in run_check(site_root) if d.severity == "error"] == []


def test_untouched_city_reports_one_todo_error_per_placeholder_with_its_description(site_root):
    assert new(site_root, "city", "newtown") == 0
    problems = {(d.line, d.message): d for d in run_check(site_root)}
    text = (site_root / "content/cities/newtown.md").read_text()
    lat_line = next(n for n, line in enumerate(text.split("\n"), 1) if line.strip().startswith("lat:"))
    lat = problems[(lat_line, "'coordinates.lat' is still the placeholder TODO: replace it with the real value")]
    assert lat.code == "todo" and lat.col == 8
    assert lat.hint.startswith("Latitude in decimal degrees")
    # the title was not given, so it is a TODO too; a TODO number is not also reported as the wrong type
    assert any(d.message.startswith("'title' is still") for d in problems.values())
    assert not [d for d in problems.values() if d.code != "todo"]


def test_optional_fields_are_valid_yaml_once_uncommented(site_root):
    assert new(site_root, "city", "newtown") == 0
    path = site_root / "content/cities/newtown.md"
    text = path.read_text()
    assert "# Province, state or other first-level region the city lies in.\n# region: TODO" in text
    schema = load_schemas(load_config(site_root))["cities"].schema
    names = set(schema["properties"]) | {sub for spec in schema["properties"].values()
                                         for sub in spec.get("properties", {})}
    uncommented = re.sub(rf"(?m)^# ( *(?:(?:{'|'.join(names)}):|- ))", r"\1", text)
    assert "\nregion: TODO" in uncommented and "\n  value: TODO" in uncommented
    path.write_text(uncommented)
    problems = run_check(site_root)
    assert {d.code for d in problems} == {"todo"}, [d.text() for d in problems]
    assert [(d.line, d.col) for d in problems] == todo_places(uncommented)


def test_translation_holds_only_title_summary_and_text(site_root, capsys):
    assert new(site_root, "city", "da-nang", "--lang", "id") == 0
    path = site_root / "content/cities/da-nang.id.md"
    text = path.read_text()
    assert "# In da-nang.md: Da Nang" in text
    # and the version of da-nang.md it translates (tests/test_translations.py)
    assert re.findall(r"(?m)^(\w+):", text.split("\n---\n")[0]) == ["title", "summary", "source_digest"]
    problems = run_check(site_root)
    assert [(d.code, d.line, d.col) for d in problems] == [("todo", line, col) for line, col in todo_places(text)]
    path.write_text(fill_in(text))
    assert run_check(site_root) == []


@pytest.mark.parametrize("args, message, hint", [
    (["city", "Kuala Lumpur"], "'Kuala Lumpur' is not a valid slug", "try 'kuala-lumpur'"),
    (["town", "newtown"], "unknown kind of entry 'town'", "choose one of: city, project, meeting"),
    (["city", "makassar"], "content/cities/makassar.md already exists; it was left as it was", "edit that file"),
    (["city", "nowhere", "--lang", "id"], "a translation needs its base entry, and content/cities/nowhere.md",
     "create it first without --lang"),
    (["city", "makassar", "--lang", "id"], "content/cities/makassar.id.md already exists", "edit that file"),
    (["city", "da-nang", "--lang", "fr"], "'fr' is not a language of this site", "translate into: id"),
    (["city", "da-nang", "--lang", "en"], "en is the site's main language", "--lang is for translations"),
    (["city", "newtown", "--title", "two\nlines"], "the title must be one line of text", "--title"),
])
def test_refusals_are_usage_errors_that_change_nothing(site_root, capsys, args, message, hint):
    before = {p: p.read_bytes() for p in (site_root / "content").rglob("*.md")}
    assert new(site_root, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and hint in err.split("hint:")[1]
    assert {p: p.read_bytes() for p in (site_root / "content").rglob("*.md")} == before


def test_title_that_is_not_plain_yaml_is_quoted(site_root):
    assert new(site_root, "project", "odd-title", "--title", "Smart #1: yes") == 0
    text = (site_root / "content/projects/odd-title.md").read_text()
    assert 'title: "Smart #1: yes"' in text


def test_check_flags_todo_added_by_hand_in_any_entry(site_root):
    path = site_root / "content/cities/da-nang.md"
    write(site_root, "content/cities/da-nang.md", path.read_text().replace("joined: 2018", "joined: TODO"))
    (problem,) = run_check(site_root)
    assert problem.code == "todo" and problem.message.startswith("'joined' is still the placeholder TODO")
