"""Render pages on every core. Output is identical to a serial render: each page is rendered
on its own from the same read-only model, only on another process.

Workers are forked after the model is built, so they inherit it instead of
receiving it through a pipe; only page plans go out and page bytes come back.
"""

from __future__ import annotations

import multiprocessing
import os

from hub.model.pages import PagePlan
from hub.render.renderer import Renderer

# Below this many pages a pool costs more than it saves.
PARALLEL_MIN_PAGES = 300
_CHUNK = 64

_inherited: dict = {}


def worker_count() -> int:
    """HUB_JOBS if set, else the cores this process may use."""
    env = os.environ.get("HUB_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_pages(renderer: Renderer, plans: list[PagePlan],
                 jobs: int | None = None) -> dict[str, tuple[bytes, frozenset]]:
    """{output path: (bytes, tokens of what the page read)} for every plan, in parallel when it pays."""
    jobs = worker_count() if jobs is None else jobs
    if jobs <= 1 or len(plans) < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return dict(_render_each(renderer, plans))
    _inherited["renderer"] = renderer
    chunks = _chunks(plans)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_render_chunk, chunks, chunksize=1)
    finally:
        _inherited.clear()
    return {output: made for chunk in results for output, made in chunk}


# Pages that show many entries' cards (hub/render/renderer.py, View.card): one worker makes every card
# of a language once and reuses it on all of them.
_CARD_PAGES = ("home", "list", "term")


def _chunks(plans: list[PagePlan]) -> list[list[PagePlan]]:
    """The plans in the order workers take them: first, for each language, its pages of cards (the
    longest to render: started first, the pool ends evenly); then the rest, 64 at a time.
    Consecutive plans are the languages of one entry: chunks keep them together, so a worker
    converts each Markdown body once."""
    by_lang: dict[str, list[PagePlan]] = {}
    rest = []
    for plan in plans:
        if plan.kind in _CARD_PAGES:
            by_lang.setdefault(plan.lang, []).append(plan)
        else:
            rest.append(plan)
    return list(by_lang.values()) + [rest[i:i + _CHUNK] for i in range(0, len(rest), _CHUNK)]


def _render_chunk(plans: list[PagePlan]) -> list:
    return list(_render_each(_inherited["renderer"], plans))


def _render_each(renderer: Renderer, plans: list[PagePlan]):
    for plan in plans:
        html, tokens = renderer.render_recorded(plan)
        yield plan.output, (html.encode("utf-8"), tokens)
