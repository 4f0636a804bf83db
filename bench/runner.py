"""`python -m bench`: build a synthetic corpus in a scratch site and time the hub on it, scenario by scenario.

Each scenario runs `python build.py build` (or `check`) as a child process in
a site root outside the repository, so its peak memory is its own. The root
holds a copy of the engine and the site's inputs from this checkout plus the
generated content; "cold" deletes everything else in it (output, caches).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import corpus
from bench.measure import Run, output_stats, parse_summary, run_measured
from bench.search import search_payloads

REPO = Path(__file__).resolve().parent.parent
# What a site root needs from the checkout; anything else in the root is build output or cache.
SITE_INPUTS = ["build.py", "hub", "site.yaml", "schemas", "templates", "site_src", "content/_data"]
SCENARIOS = ["cold", "nochange", "edit-entry", "edit-template", "check", "pagefind-cli"]
# Not a hub build: Pagefind's own CLI over the HTML the hub just wrote (both languages, into a
# folder outside the site), the baseline issue 4 sets for the search stage.
CLI_OUTPUT = ".bench-pagefind-cli"
EDIT_TEMPLATE = "templates/project.html"


class BenchError(Exception):
    """A build failed or the site root cannot be prepared; the message says which and why."""


@dataclass
class Measurement:
    """One scenario run: what was measured and what the build reported."""

    wall: float
    cpu: float          # user + system seconds: less disturbed than wall time on a shared machine
    load: float         # 1-minute load average just before the run
    peak_kib: int
    largest_kib: int
    tree_kib: int
    stages: dict
    pages: int | None
    files: int | None
    out_bytes: int | None = None
    out_files: int | None = None
    out_html: int | None = None
    search: list | None = None    # one dict per Pagefind bundle (language)
    pagefind_kib: int | None = None   # peak summed RSS of the Pagefind processes the build ran (sampled)


# ---- the site root --------------------------------------------------------------------

def prepare_root(root: Path, n: int, seed: int, translated: float, checkout: Path = REPO,
                 ref: str | None = None, bundled: bool = False, huge_mb: float = 0) -> corpus.CorpusSummary:
    """A fresh site root: the engine and inputs of the checkout (its working tree, or the commit `ref`),
    and an n-entry synthetic corpus, or with `bundled` the checkout's own content; `huge_mb` adds
    one project of that many MB."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    names = [name for name in SITE_INPUTS if not bundled or not name.startswith("content/")]
    names += ["content"] if bundled else []
    if ref:
        copy_from_git(checkout, ref, root, names)
    else:
        copy_from_worktree(checkout, root, names)
    made = bundled_summary(root) if bundled else corpus.make(n, root, seed, translated,
                                                              data_dir=root / "content" / "_data")
    if huge_mb:
        corpus.huge_entry(root, huge_mb)
    return made


def keep_languages(root: Path, n: int) -> None:
    """Keep the first `n` languages of site.yaml's `languages:` block, and delete the translations
    (content/, site_src/pages/) into the others: a site that never had them."""
    site_yaml = root / "site.yaml"
    lines = site_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "languages:"), None)
    if start is None:
        raise BenchError(f"{site_yaml} has no `languages:` block")
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    if not 1 <= n <= end - start - 1:
        raise BenchError(f"--languages {n}: site.yaml lists {end - start - 1} languages")
    dropped = {line.split(":", 1)[0].strip() for line in lines[start + 1 + n:end]}
    site_yaml.write_text("".join(lines[:start + 1 + n] + lines[end:]), encoding="utf-8")
    for folder in (root / "content", root / "site_src" / "pages"):
        for path in folder.rglob("*.md"):
            if path.name.count(".") == 2 and path.name.split(".")[1] in dropped:
                path.unlink()


def bundled_summary(root: Path) -> corpus.CorpusSummary:
    counts = {name: sum(1 for p in (root / "content" / name).glob("*.md") if p.name.count(".") == 1)
              for name in ("cities", "projects", "meetings")}
    translations = sum(1 for p in (root / "content").glob("*/*.md") if p.name.count(".") == 2)
    return corpus.CorpusSummary(counts["cities"], counts["projects"], counts["meetings"], translations)


def copy_from_git(checkout: Path, ref: str, root: Path, names: list[str] = SITE_INPUTS) -> None:
    """The site inputs as committed at `ref`: a stable engine while others edit the working tree."""
    archive = subprocess.run(["git", "-C", str(checkout), "archive", "--format=tar", ref, "--", *names],
                             capture_output=True)
    if archive.returncode != 0:
        raise BenchError(f"git archive {ref} failed: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(root, filter="data")


def copy_from_worktree(checkout: Path, root: Path, names: list[str] = SITE_INPUTS) -> None:
    for name in names:
        source, target = checkout / name, root / name
        if not source.exists():
            raise BenchError(f"{source} is missing: is {checkout} a hub checkout?")
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)


def remove_build_state(root: Path) -> None:
    """Delete everything in the root that is not a site input: the output folder, caches, staging folders."""
    keep = {name.split("/")[0] for name in SITE_INPUTS} | {"content"}
    for path in root.iterdir():
        if path.name in keep:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def edit_target(root: Path) -> Path:
    """The project whose body edit-entry changes: the middle one by name, so it is stable for a given N."""
    projects = sorted(p for p in (root / "content" / "projects").glob("*.md") if p.name.count(".") == 1)
    return projects[len(projects) // 2]


class Edits:
    """Edits made to the root during one repeat, undone at its end so every repeat starts from the same input."""

    def __init__(self):
        self.originals: dict[Path, bytes] = {}

    def append(self, path: Path, text: str) -> None:
        self.originals.setdefault(path, path.read_bytes())
        with path.open("ab") as f:
            f.write(text.encode("utf-8"))

    def undo(self) -> bool:
        for path, data in self.originals.items():
            path.write_bytes(data)
        undone, self.originals = bool(self.originals), {}
        return undone


# ---- running ----------------------------------------------------------------------------

def run_pagefind_cli(root: Path, python: str) -> Run:
    """Pagefind's CLI (the binary pinned in requirements.txt) over root/public, as a peer would run it."""
    found = subprocess.run([python, "-c", "from pagefind_bin import get_executable; print(get_executable())"],
                           capture_output=True, text=True)
    if found.returncode != 0:
        raise BenchError(f"Pagefind's binary not found with {python}: {found.stderr.strip()[-300:]}")
    shutil.rmtree(root / CLI_OUTPUT, ignore_errors=True)
    run = run_measured([found.stdout.strip(), "--site", "public", "--output-path", CLI_OUTPUT], root)
    shutil.rmtree(root / CLI_OUTPUT, ignore_errors=True)
    if run.returncode != 0:
        raise BenchError(f"Pagefind's CLI failed in {root} (exit {run.returncode}):\n{run.stdout[-2000:]}")
    return run


def run_hub(root: Path, python: str, command: str) -> Run:
    run = run_measured([python, "build.py", command], root, env=dict(os.environ))
    if run.returncode != 0:
        output = (run.stdout + run.stderr).strip().splitlines()
        raise BenchError(f"`build.py {command}` failed in {root} (exit {run.returncode}):\n  "
                         + "\n  ".join(output[-30:]))
    return run


def measure(run: Run, root: Path, command: str, load: float) -> Measurement:
    summary = parse_summary(run.stdout)
    m = Measurement(run.wall, run.cpu, load, run.peak_kib, run.largest_kib, run.tree_kib,
                    summary.stages, summary.pages, summary.files, pagefind_kib=run.pagefind_kib)
    if command == "build":
        stats = output_stats(root / "public")
        m.out_bytes, m.out_files, m.out_html = stats.bytes, stats.files, stats.html
        m.search = [asdict(p) for p in search_payloads(root / "public")]
    return m


def run_scenarios(root: Path, python: str, scenarios: list[str], repeats: int,
                  log=print) -> dict[str, list[Measurement]]:
    """Every scenario `repeats` times, interleaved (cold, nochange, ..., cold, ...) so drift hits them alike."""
    results: dict[str, list[Measurement]] = {name: [] for name in scenarios}
    edits = Edits()
    fresh = False   # the output and caches match the current input
    try:
        for repeat in range(1, repeats + 1):
            for name in scenarios:
                command = {"check": "check", "pagefind-cli": "pagefind-cli"}.get(name, "build")
                if name == "cold":
                    remove_build_state(root)
                elif command != "check" and not fresh:
                    log(f"  [{name} {repeat}/{repeats}] bringing the build up to date first (not timed)")
                    run_hub(root, python, "build")
                if name == "edit-entry":
                    edits.append(edit_target(root), f"\nBenchmark edit {repeat}: the city reported one more result.\n")
                elif name == "edit-template":
                    edits.append(root / EDIT_TEMPLATE, f"{{# benchmark edit {repeat} #}}\n")
                load = os.getloadavg()[0]
                run = run_pagefind_cli(root, python) if command == "pagefind-cli" else run_hub(root, python, command)
                fresh = fresh or command == "build"
                m = measure(run, root, command, load)
                results[name].append(m)
                log(f"  [{name} {repeat}/{repeats}] {m.wall:.2f} s (cpu {m.cpu:.2f} s, load {load:.1f}), "
                    f"peak {m.peak_kib / 1024:.0f} MiB"
                    + (f", {m.pages} pages" if m.pages is not None else ""))
            if edits.undo():
                fresh = False
    finally:
        edits.undo()
    return results


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(memory_gib, 1),
            "python": platform.python_version(), "system": platform.platform(terse=True),
            "date": datetime.date.today().isoformat()}


def resolve_ref(ref: str) -> str:
    """The commit `ref` names now, so the whole run measures one commit even if the branch moves."""
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{ref}^{{commit}}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"unknown git ref {ref!r}: {done.stderr.strip()}")
    return done.stdout.strip()


def worktree_version() -> str:
    """HEAD, and whether the working tree's engine or site inputs differ from it."""
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", *SITE_INPUTS],
                           capture_output=True, text=True).stdout.strip()
    return f"working tree at {head}" + (" with uncommitted changes" if dirty else "")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark the hub on a synthetic corpus.")
    parser.add_argument("--entries", type=int, default=1000, help="entries in the corpus (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each scenario; medians are reported")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"comma-separated, run in this order (default {','.join(SCENARIOS)})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--translated", type=float, default=0.2, help="share of entries with a translation")
    parser.add_argument("--work", type=Path, help="scratch folder (default /tmp/hub-bench/nN)")
    parser.add_argument("--ref", help="benchmark the engine and inputs as committed at this git ref "
                        "(e.g. HEAD) instead of the working tree")
    parser.add_argument("--bundled", action="store_true",
                        help="build the repository's own content instead of a synthetic corpus (--entries is ignored)")
    parser.add_argument("--huge-mb", type=float, default=0,
                        help="add one project of this many MB of Markdown (issue 6's limit: --bundled --huge-mb 5)")
    parser.add_argument("--languages", type=int,
                        help="keep only the first N languages of site.yaml (2: English and Indonesian; "
                        "default all): the cost of a language is the cold build with 9 against 2")
    parser.add_argument("--python", default=sys.executable, help="interpreter with the hub's dependencies")
    parser.add_argument("--json", type=Path, help="also write the results here (default WORK/results.json)")
    parser.add_argument("--peers", action="store_true",
                        help="also run ../shared/peers/compare.sh for the same N (slow; meant for N=1000)")
    parser.add_argument("--peers-dir", type=Path, default=REPO.parent / "shared" / "peers")
    return parser


def main(argv: list[str] | None = None) -> int:
    from bench import peers, report  # noqa: PLC0415 (keeps `import bench.runner` light for tests)

    parser = make_parser()
    args = parser.parse_args(argv)
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in scenarios if s not in SCENARIOS]
    if unknown or not scenarios:
        parser.error(f"unknown scenario {', '.join(unknown) or '(none)'}; choose from {', '.join(SCENARIOS)}")
    if args.bundled and args.peers:
        parser.error("--peers compares synthetic corpora; it cannot be used with --bundled")
    if args.entries < 3 or args.repeats < 1:
        parser.error("--entries must be at least 3 and --repeats at least 1")
    name = ("bundled" if args.bundled else f"n{args.entries}") + (f"-huge{args.huge_mb:g}" if args.huge_mb else "") \
        + (f"-l{args.languages}" if args.languages else "")
    work = (args.work or Path(f"/tmp/hub-bench/{name}")).resolve()
    if work == REPO or REPO in work.parents:
        parser.error("--work must be outside the repository")
    root = work / "site"
    try:
        commit = resolve_ref(args.ref) if args.ref else None
        engine = commit[:10] if commit else worktree_version()
        made = prepare_root(root, args.entries, args.seed, args.translated, ref=commit,
                            bundled=args.bundled, huge_mb=args.huge_mb)
        if args.languages:
            keep_languages(root, args.languages)
        markdown = sum(p.stat().st_size for p in (root / "content").rglob("*.md"))
        print(f"corpus: {made} ({markdown / 1e6:.1f} MB of Markdown) in {root}", flush=True)
        results = run_scenarios(root, args.python, scenarios, args.repeats,
                                log=lambda line: print(line, file=sys.stderr, flush=True))
    except BenchError as problem:
        print(f"bench: {problem}", file=sys.stderr)
        return 1
    peer_rows = None
    if args.peers:
        try:
            peer_rows = peers.run_compare(args.peers_dir, args.entries, args.repeats, work / "peers", args.python)
        except BenchError as problem:   # the hub's own figures are still worth reporting
            print(f"bench: the peers' comparison failed, reporting without it: {problem}", file=sys.stderr)
    data = {"entries": None if args.bundled else args.entries, "bundled": args.bundled, "huge_mb": args.huge_mb,
            "languages": args.languages,
            "seed": args.seed, "engine": engine, "repeats": args.repeats,
            "corpus": asdict(made), "markdown_bytes": markdown, "machine": machine(),
            "scenarios": {name: [asdict(m) for m in runs] for name, runs in results.items()},
            "peers": peer_rows}
    print(report.render(data))
    out = args.json or work / "results.json"
    out.write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(f"\nresults: {out}")
    return 0
