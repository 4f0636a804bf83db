"""Run the peers' comparison (`../shared/peers/compare.sh`) for the same N, so ratios come from one run.

compare.sh builds its own copy of the corpus (the same base entries as ours,
without translations) with Hugo, Pagefind and MkDocs, and the hub too, and
prints a Markdown table; we keep its rows. It lives outside the repository,
so this is optional (`python -m bench --peers`) and nothing else depends on it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bench.runner import REPO, BenchError

_ROW_RE = re.compile(r"^\|\s*([\w+]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+-[\d.]+)\s*\|\s*([\d.]+)\s*\|\s*(\d*)\s*\|$", re.M)


def parse_rows(text: str) -> dict:
    """compare.sh's table rows -> {generator: {wall, span, peak_mib, pages}}."""
    return {m.group(1): {"wall": float(m.group(2)), "span": m.group(3), "peak_mib": float(m.group(4)),
                         "pages": int(m.group(5)) if m.group(5) else None}
            for m in _ROW_RE.finditer(text)}


def run_compare(peers_dir: Path, n: int, repeats: int, work: Path, python: str) -> dict:
    script = peers_dir / "compare.sh"
    if not script.is_file():
        raise BenchError(f"{script} not found (set --peers-dir)")
    print(f"running {script} {n} {repeats} (slow) ...", file=sys.stderr, flush=True)
    env = dict(os.environ, WORK=str(work), HUB_CHECKOUT=str(REPO), HUB_PYTHON=python)
    done = subprocess.run(["bash", str(script), str(n), str(repeats)], cwd=REPO, env=env,
                          stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BenchError(f"{script} failed (exit {done.returncode}):\n{done.stdout[-2000:]}")
    rows = parse_rows(done.stdout)
    if not rows:
        raise BenchError(f"no results table in the output of {script}:\n{done.stdout[-2000:]}")
    return {"rows": rows, "output": done.stdout}
