"""Command line: parse arguments, call the pipeline, print diagnostics, choose the exit code.

Every failure the user can fix becomes diagnostics in one place (hub/commands/failures.py, which `serve`
uses too): a file and line, never a traceback.

Exit codes: 0 clean, 1 content errors (or warnings under --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hub.check import BuildReport, check
from hub.commands.failures import diagnostics_for
from hub.commands.new import ScaffoldError, new_entry
from hub.core.diagnostics import format_report
from hub.source.config import load_config


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py", description="Build and check the ASCN Knowledge Hub.")
    commands = parser.add_subparsers(dest="command")
    build_cmd = commands.add_parser("build", help="build the site (the default command)")
    build_cmd.add_argument("--out", type=Path, help="output folder (default: public/)")
    build_cmd.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    build_cmd.add_argument("--base-url", help="absolute URL the site is served from")
    build_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    build_cmd.add_argument("--no-cache", action="store_true", help="render every page again (ignore .cache/hub)")
    build_cmd.add_argument("--jobs", type=int, help="processes to render with (default: every core)")
    check_cmd = commands.add_parser("check", help="validate the content; writes nothing")
    check_cmd.add_argument("--format", choices=["text", "github"], default="text")
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    new_cmd = commands.add_parser("new", help="start a new entry: every required field marked TODO")
    new_cmd.add_argument("kind", help="kind of entry: city, project or meeting")
    new_cmd.add_argument("slug", help="file name without .md: lower-case letters, digits and single hyphens")
    new_cmd.add_argument("--title", help="the entry's title (default: TODO, to fill in)")
    new_cmd.add_argument("--lang", help="write a translation of the existing entry SLUG into this language")
    translations_cmd = commands.add_parser(
        "translations", help="record which version of its source a translation translates (see CONTRIBUTING.md)")
    stamping = translations_cmd.add_mutually_exclusive_group(required=True)
    stamping.add_argument("--stamp", nargs="+", type=Path, metavar="FILE",
                          help="after updating these translations, record the base entry's current version in each")
    stamping.add_argument("--stamp-all", action="store_true",
                          help="record it in every translation that records none yet")
    serve_cmd = commands.add_parser("serve", help="preview on 127.0.0.1: rebuild on save, reload the browser")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    serve_cmd.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    return parser


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    args = make_parser().parse_args(argv)
    root = (root or Path.cwd()).resolve()
    command = args.command or "build"
    out_dir = (Path.cwd() / args.out) if getattr(args, "out", None) else None
    try:
        return run(args, command, root, out_dir)
    except Exception as problem:   # a bug in the hub is raised again by diagnostics_for
        diagnostics = diagnostics_for(problem, root, out_dir or root / "public")
        # `check` prints every diagnostic where its findings go (stdout: GitHub reads annotations there)
        print(format_report(diagnostics, getattr(args, "format", "text")),
              file=sys.stdout if command == "check" else sys.stderr)
        if command == "build":
            print("the previous site was left as it was", file=sys.stderr)
        return 1


def run(args, command: str, root: Path, out_dir: Path | None) -> int:
    config = load_config(root, base_url=getattr(args, "base_url", None),
                         include_drafts=getattr(args, "drafts", False), out_dir=out_dir,
                         use_cache=not getattr(args, "no_cache", False), jobs=getattr(args, "jobs", None))
    if command == "check":
        return run_check(config, args.format, args.strict)
    if command == "new":
        return run_new(config, args)
    if command == "translations":
        return run_translations(config, args)
    if command == "serve":
        from hub.commands.serve import serve  # imported here: only the preview needs MkDocs' server
        return serve(config, args.port)
    return run_build(config, getattr(args, "strict", False))   # bare `python build.py` has no options


def run_check(config, fmt: str, strict: bool) -> int:
    report = BuildReport()
    check(config, report)
    print(format_report(report.diagnostics, fmt))
    return 1 if report.errors or (strict and report.warnings) else 0


def run_new(config, args) -> int:
    try:
        created = new_entry(config, args.kind, args.slug, title=args.title, lang=args.lang)
    except ScaffoldError as problem:
        print(f"error: {problem.message}" + (f"\n  hint: {problem.hint}" if problem.hint else ""), file=sys.stderr)
        return 2
    print(f"created {created.source}\n"
          f"next: replace its {created.todos} TODOs, then run: python build.py check\n"
          f"      preview it as you write with: python build.py serve")
    return 0


def run_translations(config, args) -> int:
    """Stamp translations (hub/source/translations.py); a file that cannot be stamped is reported at its
    line and the others are still stamped."""
    from hub.source.translations import StampError, stamp, stamp_all

    if args.stamp_all:
        done, problems = stamp_all(config)
    else:
        done, problems = [], []
        for path in args.stamp:
            try:
                done.append(stamp(config, path))
            except StampError as problem:
                problems.append(problem)
    for stamped in done:
        print(f"{'stamped' if stamped.changed else 'already stamped'} {stamped.source}: {stamped.digest}")
    for problem in problems:
        print(problem.text(), file=sys.stderr)
    if problems:   # 1 when a file does not load (content), 2 when the command asked for the impossible
        return 1 if any(problem.diagnostics for problem in problems) else 2
    if not done:
        print("no translation without a stamp")
    return 0


def run_build(config, strict: bool) -> int:
    """Build; an output folder that cannot be written or a template failing while rendering
    raises, for `main` to report."""
    from hub.incremental import unchanged
    from hub.write import output_lock

    print(f"building {config.root.name} -> {config.out_dir}", flush=True)
    started = time.perf_counter()
    inputs = unchanged.inputs_digest(config)   # before anything is read: what this build is made from
    with output_lock(config.out_dir):
        last = unchanged.replay(config, inputs, strict=strict)
    if last is not None:
        if last.diagnostics:
            print(format_report(last.diagnostics))
        print(unchanged_summary(last, time.perf_counter() - started))
        return 0
    # Imported here: `check`, `new` and a build with nothing to do need none of the rendering
    # stages (Markdown, search, the worker pool).
    from hub.build import build

    report = BuildReport(progress=lambda stage, seconds: print(f"  {stage:<9} {seconds:6.2f}s", flush=True))
    build(config, report, strict=strict, inputs=inputs)
    if report.diagnostics:
        print(format_report(report.diagnostics))
    if not report.written:
        print("build failed: nothing was written; the previous site was left as it was")
        return 1
    print(summary(report))
    return 0


def unchanged_summary(last, seconds: float) -> str:
    warnings = len(last.diagnostics)
    return (f"entries: {_counts(last.counts)}\n"
            f"pages: {last.pages} pages, {last.files} files, as the last build left them; warnings: {warnings}\n"
            "cache: no input changed since the last build and its site is intact: nothing rendered or written\n"
            f"time: unchanged {seconds:.2f}s; total {seconds:.2f}s")


def summary(report: BuildReport) -> str:
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings.items())
    notes = "".join(f"note: {note}\n" for note in report.notes)
    return (f"entries: {_counts(report.counts)}\n"
            f"pages: {report.pages} pages, {report.files} files written; warnings: {report.warnings}\n"
            f"cache: {report.rendered} of {report.pages} pages rendered, "
            f"{report.rewritten} of {report.files} files with new bytes\n{notes}"
            f"time: {stages}; total {sum(report.timings.values()):.2f}s")


def _counts(counts) -> str:
    return ", ".join(f"{collection}/{lang} {n}" for (collection, lang), n in sorted(counts.items()))
