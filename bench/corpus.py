"""A deterministic synthetic corpus in the hub's content format, for benchmarks.

    python -m bench.corpus N OUTDIR [--seed S] [--translated 0.2] [--data content/_data]

Writes OUTDIR/content/{cities,projects,meetings}/*.md: N entries, about 8%
cities, 2% meetings and the rest projects (at least one of each), and for a
share of them (20% by default) an Indonesian translation `<slug>.id.md` that
sets only title, summary and body. Countries and focus areas are the hub's own
vocabularies (content/_data), referred to by `code` and `slug`.

The same N and seed always give byte-identical files. The base entries are the
peers' corpus (adapted from `../shared/peers/make_corpus.py`, which the Hugo
and MkDocs comparison builds): the same code draws the same random numbers, so
with the shipped vocabularies the English files match theirs byte for byte.
Translations draw from a second generator, so adding them changes nothing else.
Everything is synthetic; it is benchmark load, never site content.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench import words as w
from hub.source.translations import SOURCE_DIGEST, source_digest

REPO = Path(__file__).resolve().parent.parent
COLLECTIONS = ("cities", "projects", "meetings")
TRANSLATION_LANG = "id"


@dataclass(frozen=True)
class Vocabularies:
    countries: list    # [(code, English name, Indonesian name)]
    focus_areas: list  # [slug]


def load_vocabularies(data_dir: Path) -> Vocabularies:
    """The hub's countries (by `code`) and focus areas (by `slug`) from content/_data."""
    countries = yaml.safe_load((data_dir / "countries.yaml").read_text(encoding="utf-8"))
    focus_areas = yaml.safe_load((data_dir / "focus_areas.yaml").read_text(encoding="utf-8"))
    return Vocabularies(
        [(c["code"], c["name"], (c.get("names") or {}).get(TRANSLATION_LANG, c["name"])) for c in countries],
        [fa["slug"] for fa in focus_areas])


def slugify(text: str) -> str:
    """ASCII slug: fold accents (đ -> d), drop anything else that is not a-z0-9."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unique(slug: str, taken: set) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def split_counts(n: int) -> tuple[int, int, int]:
    cities = max(1, round(n * 0.08))
    meetings = max(1, round(n * 0.02))
    return cities, max(1, n - cities - meetings), meetings


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def city_names(rng: random.Random, code: str, count: int) -> list[str]:
    """Real pilot cities first, then synthetic names from the country's syllables,
    numbered where a name repeats ('Tân Hòa', 'Tân Hòa 2')."""
    real = w.COUNTRY_FACTS.get(code, w.UNKNOWN_COUNTRY)[2]
    names, seen = list(real[:count]), {}
    first, second = w.SYLLABLES.get(code, w.DEFAULT_SYLLABLES)
    while len(names) < count:
        a, b = rng.choice(first), rng.choice(second)
        if code == "TH":  # romanised name with the Thai script in brackets
            latin, thai = f"{a[0]} {b[0]}", f"{a[1]}{b[1]}"
        else:
            latin, thai = f"{a} {b}", None
        seen[latin] = seen.get(latin, 0) + 1
        suffix = f" {seen[latin]}" if seen[latin] > 1 else ""
        names.append(f"{latin}{suffix} ({thai}{suffix})" if thai else latin + suffix)
    return names


def paragraph(rng: random.Random, e: dict, lex: w.Lexicon) -> str:
    """Two to five different sentences about entry context e ({city, country, code})."""
    first, last = w.PEOPLE.get(e["code"], w.DEFAULT_PEOPLE)
    return " ".join(t.format(
        city=e["city"], country=e["country"], year=rng.randint(2015, 2024), year2=rng.randint(2019, 2025),
        year3=rng.randint(2026, 2030), goal=rng.choice(lex.goals), verb=rng.choice(lex.verbs),
        metric=rng.choice(lex.metrics), pct=rng.randint(5, 60), adj=rng.choice(lex.adj), adj2=rng.choice(lex.adj),
        things=rng.choice(lex.things), things2=rng.choice(lex.things), partner=rng.choice(w.PARTNERS),
        num=rng.randint(800, 250000), small=rng.randint(3, 48), tech=rng.choice(w.TECH), tech2=rng.choice(w.TECH),
        place=rng.choice(lex.places), person=f"{rng.choice(first)} {rng.choice(last)}",
        money=rng.randint(2, 900), currency=e["currency"],
        ward=f"{w.WARD.get(e['code'], 'Ward')} {rng.choice(e['syllables'][0])} {rng.choice(e['syllables'][1])}",
    ) for t in rng.sample(lex.sentences, rng.randint(2, 5)))


def body(rng: random.Random, e: dict, links: list, lex: w.Lexicon = w.ENGLISH) -> str:
    """Markdown body of 200-800 words: ## sections, paragraphs, lists, sometimes a table.

    links: (title, relative path) pairs to other entries, woven into the text.
    """
    target, out = rng.randint(200, 660), []
    sections = lex.sections[:]
    rng.shuffle(sections)
    links = list(links)

    def words():
        return sum(len(block.split()) for block in out)

    while words() < target and sections:
        out.append(f"## {sections.pop()}")
        for _ in range(rng.randint(1, 2)):
            para = paragraph(rng, e, lex)
            if links and rng.random() < 0.6:
                title, path = links.pop(0)
                para += " " + lex.see_also.format(title=title, path=path)
            out.append(para)
        roll = rng.random() if words() < target else 1.0
        if roll < 0.35:
            items = [lex.item.format(adj=rng.choice(lex.adj), things=rng.choice(lex.things), aim=rng.choice(lex.aims))
                     for _ in range(rng.randint(3, 6))]
            out.append("\n".join(f"- {item[0].upper()}{item[1:]}" for item in items))
        elif roll < 0.45:
            rows = [f"| {y} | {rng.randint(1, 90)} | {rng.randint(100, 9000):,} |"
                    for y in range(2019, 2019 + rng.randint(3, 6))]
            out.append(f"{lex.table_head}\n| --- | ---: | ---: |\n" + "\n".join(rows))
    if links:
        out.append(f"{lex.related}\n\n" + "\n".join(f"- [{t}]({p})" for t, p in links))
    return "\n\n".join(out) + "\n"


def city_name(city: dict) -> str:
    """The title without a bracketed script form: 'Phuket (ภูเก็ต)' -> 'Phuket'."""
    return city["title"].split(" (")[0]


def context(city: dict, lang: str = "en") -> dict:
    """What paragraph() needs to write about a city, or about a project or meeting there."""
    first, second = w.SYLLABLES.get(city["code"], w.DEFAULT_SYLLABLES)
    if city["code"] == "TH":
        first, second = [a for a, _ in first], [b for b, _ in second]
    country = city["country_id"] if lang == TRANSLATION_LANG else city["country"]
    return {"city": city_name(city), "country": country, "code": city["code"],
            "currency": w.CURRENCY.get(city["code"], "US dollars"), "syllables": (first, second)}


def write_entry(path: Path, meta: dict, text: str) -> None:
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    path.write_bytes(f"---\n{front}---\n\n{text}".encode("utf-8"))


def sources(rng: random.Random, kind: str, slug: str) -> list[str]:
    urls = [f"https://example.org/ascn/{kind}/{slug}"]
    if rng.random() < 0.3:
        urls.append(f"https://example.com/reports/{rng.randint(2018, 2025)}/{slug}.pdf")
    return urls


def maybe_updated(rng: random.Random, meta: dict) -> None:
    if rng.random() < 0.5:
        meta["updated"] = datetime.date(2025, 1, 1) - datetime.timedelta(days=rng.randint(0, 2000))


def make_cities(rng: random.Random, n: int, content: Path, vocab: Vocabularies) -> list[dict]:
    """n cities, spread round-robin over the countries; returns their records."""
    per_country = {code: 0 for code, _, _ in vocab.countries}
    for i in range(n):
        per_country[vocab.countries[i % len(vocab.countries)][0]] += 1
    cities, taken = [], set()
    for code, name, name_id in vocab.countries:
        box = w.COUNTRY_FACTS.get(code, w.UNKNOWN_COUNTRY)[1]
        for title in city_names(rng, code, per_country[code]):
            slug = unique(slugify(title.split(" (")[0]), taken)  # unique across countries
            cities.append({"slug": slug, "title": title, "code": code, "country": name, "country_id": name_id,
                           "box": box, "collection": "cities"})

    fa_slugs = vocab.focus_areas
    for c in cities:
        lat0, lat1, lon0, lon1 = c["box"]
        meta = {
            "title": c["title"],
            "summary": f"{c['title']} is an ASCN member city in {c['country']} piloting "
                       f"{rng.choice(w.ADJ)} urban services.",
            "sources": sources(rng, "cities", c["slug"]),
            "country": c["code"],
            "coordinates": {"lat": round(rng.uniform(lat0, lat1), 4), "lon": round(rng.uniform(lon0, lon1), 4)},
            "joined": rng.choice([2018, 2018, 2018, 2019, 2020, 2022, 2024]),
            "region": f"{rng.choice(['Northern', 'Southern', 'Central', 'Eastern', 'Western'])} region",
            "population": {"value": rng.randint(20_000, 9_000_000), "year": rng.randint(2015, 2023)},
            "focus_areas": sorted(rng.sample(fa_slugs, rng.randint(1, min(3, len(fa_slugs)))), key=fa_slugs.index),
            "focus_areas_basis": "editorial",
        }
        if rng.random() < 0.5:
            meta["website"] = f"https://example.org/cities/{c['slug']}"
        maybe_updated(rng, meta)
        neighbours = [o for o in rng.sample(cities, min(3, len(cities))) if o is not c][:2]
        c["links"] = [(o["title"], f"{o['slug']}.md") for o in neighbours]
        c["context"] = c
        write_entry(content / "cities" / f"{c['slug']}.md", meta, body(rng, context(c), c["links"]))
    return cities


def topic_focus_area(topic: tuple, fa_slugs: list) -> str:
    """The topic's focus area, or a stand-in when the vocabulary no longer has it."""
    return topic[2] if topic[2] in fa_slugs else fa_slugs[w.TOPICS.index(topic) % len(fa_slugs)]


def make_projects(rng: random.Random, n: int, content: Path, cities: list, vocab: Vocabularies) -> list[dict]:
    """n projects, each in one city (10% in two or three); titles sometimes in the local language."""
    projects, taken = [], set()
    for _ in range(n):
        topic = rng.choice(w.TOPICS)
        home = rng.choice(cities)
        base = f"{home['slug']}-{topic[0]}"
        slug = unique(base, taken)
        phase = slug[len(base) + 1:]
        local = {"ID": topic[3], "VN": topic[4], "TH": topic[5]}.get(home["code"])
        if local and home["code"] == "TH" and rng.random() < 0.4:
            title = f"{city_name(home)} {topic[1]} ({local})"
        elif local and home["code"] != "TH" and rng.random() < 0.4:
            title = f"{local} {city_name(home)}"
        else:
            title = f"{city_name(home)} {topic[1]}"
        projects.append({"slug": slug, "title": title + (f", phase {phase}" if phase else ""), "phase": phase,
                         "topic": topic, "home": home, "context": home, "collection": "projects"})

    fa_slugs = vocab.focus_areas
    for p in projects:
        home, topic = p["home"], p["topic"]
        main_area = topic_focus_area(topic, fa_slugs)
        extra = [fa for fa in rng.sample(fa_slugs, rng.randint(0, min(2, len(fa_slugs)))) if fa != main_area]
        status = p["status"] = rng.choice(w.STATUSES)
        meta = {
            "title": p["title"],
            "summary": f"{p['title']} is {'an' if status == 'ongoing' else 'a'} {status} ASCN pilot that aims to "
                       f"{rng.choice(w.GOALS)}.",
            "sources": sources(rng, "projects", p["slug"]),
        }
        if rng.random() < 0.1 and len(cities) > 2:
            others = [c for c in rng.sample(cities, 3) if c is not home][:rng.randint(1, 2)]
            meta["cities"] = [home["slug"]] + [c["slug"] for c in others]
        else:
            meta["city"] = home["slug"]
        meta["focus_areas"] = sorted({main_area, *extra}, key=fa_slugs.index)
        meta["focus_areas_basis"] = "editorial"
        meta["status"] = status
        meta["status_as_of"] = rng.randint(2019, 2025)
        if status != "planned":
            meta["start_year"] = rng.randint(2016, 2024)
            if status in ("completed", "discontinued"):
                meta["end_year"] = rng.randint(meta["start_year"], 2025)
        meta["partners"] = rng.sample(w.PARTNERS, rng.randint(1, 3))
        if rng.random() < 0.3:
            meta["website"] = f"https://example.org/projects/{p['slug']}"
        if rng.random() < 0.05:
            meta["aliases"] = [f"/pilots/{p['slug']}/"]
        maybe_updated(rng, meta)
        others = [o for o in rng.sample(projects, min(3, len(projects))) if o is not p][:2]
        p["links"] = [(home["title"], f"../cities/{home['slug']}.md")]
        p["links"] += [(o["title"], f"{o['slug']}.md") for o in others]
        write_entry(content / "projects" / f"{p['slug']}.md", meta, body(rng, context(home), p["links"]))
    return projects


def make_meetings(rng: random.Random, n: int, content: Path, cities: list, projects: list) -> list[dict]:
    """n meetings with unique editions, years spread over 2018-2025, each hosted by a member city."""
    meetings = []
    for edition in range(1, n + 1):
        year = 2018 + (edition - 1) * 8 // n
        host = rng.choice(cities)
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 360))
        slug = f"ascn-annual-meeting-{edition}"
        meta = {
            "title": f"ASCN Annual Meeting {edition} ({year})",
            "summary": f"The {ordinal(edition)} ASCN annual meeting, hosted by {host['title']}, discussed "
                       f"{rng.choice(w.AIMS)}.",
            "sources": sources(rng, "meetings", slug),
            "edition": edition,
            "year": year,
            "start_date": start,
            "end_date": start + datetime.timedelta(days=rng.randint(0, 3)),
            "location": f"{host['title']}, {host['country']}",
            "country": host["code"],
            "city": host["slug"],
            "format": rng.choice(w.FORMATS),
            "chair": host["country"],
            "theme": f"{rng.choice(w.ADJ).capitalize()} cities for {rng.choice(w.AIMS)}",
            "outcomes": [f"Agreed on {rng.choice(w.ADJ)} {rng.choice(w.THINGS)} across member cities"
                         for _ in range(rng.randint(1, 3))],
        }
        maybe_updated(rng, meta)
        links = [(host["title"], f"../cities/{host['slug']}.md")]
        links += [(pr["title"], f"../projects/{pr['slug']}.md") for pr in rng.sample(projects, min(2, len(projects)))]
        write_entry(content / "meetings" / f"{slug}.md", meta, body(rng, context(host), links))
        meetings.append({"slug": slug, "edition": edition, "year": year, "host": host, "context": host,
                         "links": links, "collection": "meetings"})
    return meetings


def translated_fields(rng: random.Random, record: dict) -> dict:
    """Indonesian title and summary of one entry (a translation may set nothing else)."""
    kind = record["collection"]
    if kind == "cities":
        name = city_name(record)
        return {"title": record["title"],
                "summary": f"{name} adalah kota anggota ASCN di {record['country_id']} yang merintis layanan "
                           f"perkotaan {rng.choice(w.ADJ_ID)}."}
    if kind == "projects":
        topic = record["topic"]
        title = f"{topic[3] or w.TOPIC_TITLES_ID[topic[0]]} {city_name(record['home'])}"
        title += f", tahap {record['phase']}" if record["phase"] else ""
        return {"title": title,
                "summary": f"{title} adalah proyek percontohan ASCN yang {w.STATUS_ID[record['status']]} dan "
                           f"bertujuan {rng.choice(w.GOALS_ID)}."}
    edition, host = record["edition"], record["host"]
    return {"title": f"Pertemuan Tahunan ASCN ke-{edition} ({record['year']})",
            "summary": f"Pertemuan tahunan ASCN ke-{edition}, dengan tuan rumah {city_name(host)}, membahas "
                       f"{rng.choice(w.AIMS_ID)}."}


def read_back(path: Path) -> tuple[dict, str]:
    """The frontmatter and body of a file `write_entry` wrote, as the hub reads them."""
    _, front, rest = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), rest.removeprefix("\n")


def make_translations(seed: int, share: float, content: Path, records: list[dict]) -> int:
    """`<slug>.id.md` for about `share` of the entries; a generator of its own keeps the base entries as they are."""
    rng = random.Random(f"translations-{seed}")
    count = 0
    for record in records:
        if rng.random() >= share:
            continue
        meta = translated_fields(rng, record)
        # stamped, as `build.py new --lang` does: each translates its base entry as it is
        meta[SOURCE_DIGEST] = source_digest(*read_back(content / record["collection"] / f"{record['slug']}.md"))
        text = body(rng, context(record["context"], TRANSLATION_LANG), record["links"], w.INDONESIAN)
        write_entry(content / record["collection"] / f"{record['slug']}.{TRANSLATION_LANG}.md", meta, text)
        count += 1
    return count


@dataclass(frozen=True)
class CorpusSummary:
    cities: int
    projects: int
    meetings: int
    translations: int

    def __str__(self) -> str:
        return (f"{self.cities} cities, {self.projects} projects, {self.meetings} meetings, "
                f"{self.translations} Indonesian translations")


def make(n: int, outdir: Path, seed: int = 1, translated: float = 0.2,
         data_dir: Path = REPO / "content" / "_data") -> CorpusSummary:
    """Write an n-entry corpus under outdir/content/{cities,projects,meetings}, replacing those folders."""
    if n < 3:
        raise ValueError("a corpus needs at least 3 entries (one city, one project, one meeting)")
    vocab = load_vocabularies(Path(data_dir))
    rng = random.Random(seed)
    n_cities, n_projects, n_meetings = split_counts(n)
    content = Path(outdir) / "content"
    for sub in COLLECTIONS:
        if (content / sub).exists():
            shutil.rmtree(content / sub)
        (content / sub).mkdir(parents=True)
    cities = make_cities(rng, n_cities, content, vocab)
    projects = make_projects(rng, n_projects, content, cities, vocab)
    meetings = make_meetings(rng, n_meetings, content, cities, projects)
    translations = make_translations(seed, translated, content, cities + projects + meetings)
    return CorpusSummary(n_cities, n_projects, n_meetings, translations)


HUGE_SLUG = "huge-report"
_HUGE_SECTION = """## Progress in district {i}

The city team met residents of district {i} to review the *flood warning* pilot, the **waste collection** routes
and the new bus stops. Notes are kept on the [project page](https://example.org/projects/{i}) and in the
[meeting record](../meetings/{meeting}.md#outcomes), with `status: ongoing` until the review ends.

- Sensors installed: {i} of 120, see [the map](https://example.org/map?d={i})
- Residents trained: 40, with a second round planned
  - volunteers from the neighbourhood association
  - staff of the health centre
- Budget spent: 62% (~~70%~~ after revision)

| Item | Done | Planned |
|------|------|---------|
| Sensors | {i} | 120 |
| Training | 40 | 80 |

"""


def huge_entry(root: Path, megabytes: float) -> Path:
    """Add one project whose body is about `megabytes` MB of ordinary Markdown (sections with
    links, nested lists, tables): the size limit of issue 6. It names the site's first city,
    meeting and focus area, so it fits the bundled content as well as a synthetic corpus."""
    content = Path(root) / "content"
    first = lambda folder: min(p.name.split(".")[0] for p in (content / folder).glob("*.md"))  # noqa: E731
    city, meeting = first("cities"), first("meetings")
    focus = yaml.safe_load((content / "_data" / "focus_areas.yaml").read_text(encoding="utf-8"))[0]["slug"]
    parts = [f"---\ntitle: A very long project report\nsummary: A project whose report runs to {megabytes:g} MB, "
             f"to measure the build.\nsources:\n  - https://example.org/source\ncity: {city}\n"
             f"focus_areas: [{focus}]\nfocus_areas_basis: editorial\n---\n\n"]
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        parts.append(_HUGE_SECTION.format(i=i, meeting=meeting))
        size += len(parts[-1])
        i += 1
    path = content / "projects" / f"{HUGE_SLUG}.md"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="total number of entries (>= 3), translations not counted")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--translated", type=float, default=0.2, help="share of entries with an Indonesian translation")
    parser.add_argument("--data", type=Path, default=REPO / "content" / "_data", help="the vocabularies to refer to")
    args = parser.parse_args(argv)
    if args.n < 3:
        parser.error("N must be at least 3 (one city, one project, one meeting)")
    print(f"{args.outdir}/content: {make(args.n, args.outdir, args.seed, args.translated, args.data)}")


if __name__ == "__main__":
    main()
