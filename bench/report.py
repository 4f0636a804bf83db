"""Markdown tables from a benchmark's results (the dict `python -m bench` also writes as results.json).

    python -m bench.report /tmp/hub-bench/n1000/results.json   # print the tables again
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

# The peers' cold builds as published in ../shared/peers/README.md ("Results", measured 2026-11-28 on this
# kind of machine, medians of 3, seconds): for ratios when the peers were not run alongside (--peers).
PUBLISHED = {
    1000: {"hugo": 1.92, "pagefind": 3.23, "hugo+pagefind": 5.22, "mkdocs": 13.34},
    5000: {"hugo": 9.02, "pagefind": 15.85, "hugo+pagefind": 26.95, "mkdocs": 58.18},
    10000: {"hugo": 14.53, "pagefind": 33.27, "hugo+pagefind": 48.00, "mkdocs": 112.40},
}
PUBLISHED_QUERY_BYTES = {1000: 30_516, 5000: 64_200, 10000: 103_000}   # Pagefind: pf_meta + one chunk
# Issue 7's targets, stated for 10,000 entries.
TARGET_COLD, TARGET_NOCHANGE, TARGET_EDIT = 0.75, 0.05, 0.15
TARGET_CHECK_S, TARGET_PEAK_MIB, TARGET_MKDOCS_SPEEDUP = 2.0, 1024, 5.0
# Issue 6's limit: bundled content plus one 5 MB entry.
LIMIT_S, LIMIT_MIB = 10.0, 500
LEGEND = ("cold: output folder and caches removed first; nochange: rebuild with nothing changed; "
          "edit-entry: one sentence appended to one project's body; edit-template: a Jinja comment appended to "
          "templates/project.html; check: `build.py check` alone; pagefind-cli: Pagefind's CLI over the "
          "HTML the hub wrote (the baseline of issue 4, not a hub build). wall: median seconds, start to exit; cpu: "
          "user + system seconds (less disturbed by other load); peak: largest RSS of the build and its "
          "workers, or their sampled sum if larger; loadavg: 1-minute load average before the run; stage "
          "columns: the build's own timings.")


def median(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def scenario_stats(runs: list[dict]) -> dict:
    """Medians (and the spread of wall time) over one scenario's runs."""
    stages = list(dict.fromkeys(name for run in runs for name in run["stages"]))
    wall = median(r["wall"] for r in runs)
    pages = median(r["pages"] for r in runs)
    return {
        "wall": wall, "min": min(r["wall"] for r in runs), "max": max(r["wall"] for r in runs),
        "cpu": median(r.get("cpu") for r in runs), "load": median(r.get("load") for r in runs),
        "peak_mib": median(r["peak_kib"] for r in runs) / 1024,
        "largest_mib": median(r["largest_kib"] for r in runs) / 1024,
        "pages": pages, "pages_per_s": pages / wall if pages == pages and wall else float("nan"),
        "stages": {name: median(r["stages"].get(name) for r in runs) for name in stages},
        "last": runs[-1],
    }


def _num(value: float, fmt: str) -> str:
    return "–" if value is None or value != value else format(value, fmt)


def scenario_table(data: dict) -> str:
    stats = {name: scenario_stats(runs) for name, runs in data["scenarios"].items()}
    stages = list(dict.fromkeys(s for st in stats.values() for s in st["stages"]))
    head = ["scenario", "wall s (median)", "min-max s", "cpu s", "pages/s", "peak MiB", "loadavg"]
    head += [f"{s} s" for s in stages]
    lines = ["| " + " | ".join(head) + " |", "| --- " + "| ---: " * (len(head) - 1) + "|"]
    for name, st in stats.items():
        cells = [name, _num(st["wall"], ".2f"), f"{st['min']:.2f}-{st['max']:.2f}", _num(st["cpu"], ".2f"),
                 _num(st["pages_per_s"], ".0f"), _num(st["peak_mib"], ".0f"), _num(st["load"], ".1f")]
        cells += [_num(st["stages"].get(s), ".2f") for s in stages]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def output_table(data: dict) -> str:
    lines = ["| scenario | pages | files written | output MB | HTML files | search index MB (files) "
             "| first search KB (requests) | then a one-word query KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, runs in data["scenarios"].items():
        last = runs[-1]
        if last.get("out_bytes") is None:
            continue
        bundles = last.get("search") or []
        index = "; ".join(f"{b['language']} {b['folder_bytes'] / 1e6:.1f} ({b['folder_files']})" for b in bundles)
        # issue 14's targets: first search <= 400 KB in <= 60 requests, then a query <= 150 KB (bench/search.py)
        first = "; ".join(f"{b['language']} {b['first_search_bytes'] / 1000:.1f} ({b['first_search_requests']})"
                          + (f" + en {b['merged_bytes'] / 1000:.1f} ({b['merged_requests']})" if b.get("merged_requests") else "")
                          for b in bundles)
        query = "; ".join(f"{b['language']} {b['query_bytes'] / 1000:.1f} ({b['chunk_bytes'] / 1000:.1f} in "
                          f"{b['shards']} chunks of {b['chunks']})" for b in bundles)
        lines.append(f"| {name} | {last['pages']} | {last['files']} | {last['out_bytes'] / 1e6:.1f} | "
                     f"{last['out_html']} | {index or 'no pagefind/'} | {first or '–'} | {query or '–'} |")
    return "\n".join(lines)


def ratio_table(data: dict, reference: dict, label: str) -> str:
    """The hub against Hugo + Pagefind and MkDocs, with issue 7's targets (stated for 10,000 entries)."""
    stats = {name: scenario_stats(runs) for name, runs in data["scenarios"].items()}
    hp, mk = reference.get("hugo+pagefind"), reference.get("mkdocs")
    lines = [f"Against {label}: Hugo + Pagefind {hp:.2f} s, MkDocs {mk:.2f} s (cold builds).", "",
             "| measure | hub | ratio | target (10,000 entries) | met |", "| --- | ---: | ---: | ---: | :---: |"]

    def row(measure, seconds, ratio, target, ok):
        lines.append(f"| {measure} | {seconds} | {ratio} | {target} | {'yes' if ok else 'no'} |")

    for name, target, what in (("cold", TARGET_COLD, "cold build"), ("nochange", TARGET_NOCHANGE, "no-change rebuild"),
                               ("edit-entry", TARGET_EDIT, "one entry edited")):
        if name in stats:
            r = stats[name]["wall"] / hp
            row(f"{what} / Hugo + Pagefind", f"{stats[name]['wall']:.2f} s", f"{r:.2f}×", f"≤ {target}×",
                r <= target)
    if "cold" in stats:
        speedup = mk / stats["cold"]["wall"]
        row("MkDocs / hub cold build (speed-up)", f"{stats['cold']['wall']:.2f} s", f"{speedup:.2f}×",
            f"≥ {TARGET_MKDOCS_SPEEDUP:g}×", speedup >= TARGET_MKDOCS_SPEEDUP)
    if "check" in stats:
        row("`check` alone", f"{stats['check']['wall']:.2f} s", "", f"≤ {TARGET_CHECK_S:g} s",
            stats["check"]["wall"] <= TARGET_CHECK_S)
    hub_runs = {name: st for name, st in stats.items() if name != "pagefind-cli"}
    peak = max(st["peak_mib"] for st in hub_runs.values())
    row("peak memory, any scenario", f"{peak:.0f} MiB", "", f"≤ {TARGET_PEAK_MIB} MiB", peak <= TARGET_PEAK_MIB)
    return "\n".join(lines)


def limit_table(data: dict) -> str:
    """Issue 6's limit: `check` and `build` with one huge entry within LIMIT_S seconds and LIMIT_MIB MiB."""
    stats = {name: scenario_stats(runs) for name, runs in data["scenarios"].items()}
    lines = [f"Issue 6's limit with the {data['huge_mb']:g} MB entry (≤ {LIMIT_S:g} s, ≤ {LIMIT_MIB} MiB):", "",
             "| scenario | wall s | peak MiB | met |", "| --- | ---: | ---: | :---: |"]
    for name in ("cold", "check"):
        if name in stats:
            st = stats[name]
            ok = st["wall"] <= LIMIT_S and st["peak_mib"] <= LIMIT_MIB
            lines.append(f"| {name} | {st['wall']:.2f} | {st['peak_mib']:.0f} | {'yes' if ok else 'no'} |")
    return "\n".join(lines)


def search_table(data: dict) -> str:
    """Issue 4's budget for the index build: the hub's search stage against Pagefind's CLI over the same HTML."""
    stats = {name: scenario_stats(runs) for name, runs in data["scenarios"].items()}
    cli, cold = stats.get("pagefind-cli"), stats.get("cold")
    if not cli or not cold or cold["stages"].get("index") is None:
        return ""
    search = cold["stages"]["index"]
    bundles = sum(b["folder_bytes"] for b in cold["last"].get("search") or []) / 2**20
    held = median(r.get("pagefind_kib") or 0 for r in data["scenarios"]["cold"]) / 1024 + bundles
    return "\n".join([
        "Index build against Pagefind's CLI over the same HTML (both languages), this run:", "",
        "| measure | hub | Pagefind CLI | ratio | met |", "| --- | ---: | ---: | ---: | :---: |",
        f"| time: search stage of a cold build / CLI wall | {search:.2f} s | {cli['wall']:.2f} s | "
        f"{search / cli['wall']:.2f}× | {'yes' if search < cli['wall'] else 'no'} |",
        f"| memory: Pagefind processes' peak + the bundle the build holds / CLI peak | {held:.0f} MiB | "
        f"{cli['peak_mib']:.0f} MiB | {held / cli['peak_mib']:.2f}× | {'yes' if held < cli['peak_mib'] else 'no'} |",
        "", f"(The whole cold build peaks at {cold['peak_mib']:.0f} MiB in all; Pagefind's processes "
        "are sampled every 0.1 s.)"])


def peers_table(peers: dict) -> str:
    lines = ["| generator (peers' compare.sh, same run) | wall s (median) | min-max s | peak MiB | pages |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, row in peers["rows"].items():
        lines.append(f"| {name} | {row['wall']:.2f} | {row['span']} | {row['peak_mib']:.0f} | {row['pages'] or ''} |")
    return "\n".join(lines)


def render(data: dict) -> str:
    m, c = data["machine"], data["corpus"]
    what = f"N={data['entries']}" if data.get("entries") else "bundled content"
    if data.get("huge_mb"):
        what += f" plus one {data['huge_mb']:g} MB entry"
    out = [f"\n{what}: {c['cities']} cities, {c['projects']} projects, {c['meetings']} meetings, "
           f"{c['translations']} translations ({data['markdown_bytes'] / 1e6:.1f} MB of Markdown), "
           f"seed {data['seed']}; medians of {data['repeats']}; {m['cores']} cores ({m['cpu']}), "
           f"{m['memory_gib']} GiB, Python {m['python']}, {m['date']}; engine {data.get('engine', '?')}",
           "", scenario_table(data), "", LEGEND, "",
           output_table(data)]
    if data.get("huge_mb"):
        out += ["", limit_table(data)]
    searched = search_table(data)
    if searched:
        out += ["", searched]
    if data["entries"] in PUBLISHED:
        out += ["", ratio_table(data, PUBLISHED[data["entries"]],
                                "the peers' published figures (../shared/peers/README.md; another run)")]
    peers = data.get("peers")
    if peers:
        live = {name: row["wall"] for name, row in peers["rows"].items()}
        out += ["", peers_table(peers), "",
                "(compare.sh's own `hub` row builds the working tree on the peers' corpus, without translations.)", ""]
        if "hugo+pagefind" in live and "mkdocs" in live:
            out.append(ratio_table(data, live, "the peers measured in this run"))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.report RESULTS.json", file=sys.stderr)
        return 2
    print(render(json.loads(Path(args[0]).read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
