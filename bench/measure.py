"""Run one build as a child process and measure it: wall time, peak memory, what it printed and wrote.

Peak memory is taken two ways, because the engine may fork workers:
`largest` is the exact peak RSS of the largest single process in the tree
(`ru_maxrss` from wait4, which covers the build and every descendant it
waited for); `tree` is the largest sum of RSS over the whole process tree,
sampled from /proc every 0.1 s (so it can miss short spikes, and it counts
pages shared between forked workers once per process).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1
PAGEFIND = "pagefind"   # the command name of Pagefind's binary, in the hub's build or on its own
_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    command: list
    returncode: int
    wall: float                  # seconds, start to exit
    cpu: float                   # user + system seconds of the process and the descendants it waited for
    largest_kib: int             # peak RSS of the largest single process (exact)
    tree_kib: int                # peak summed RSS of the process tree (sampled)
    pagefind_kib: int            # peak summed RSS of the Pagefind processes in the tree (sampled)
    stdout: str
    stderr: str

    @property
    def peak_kib(self) -> int:
        return max(self.largest_kib, self.tree_kib)


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def _parents() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command name) for every process we can see."""
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may itself contain spaces or parentheses.
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1:
            comm = stat[stat.find(b"(") + 1:stat.rfind(b")")].decode("utf-8", "replace")
            parents[int(name)] = (int(fields[1]), comm)
    return parents


def tree_rss_kib(root: int, name: str | None = None) -> tuple[int, int]:
    """Summed RSS of `root` and all its descendants right now, and of those among them called `name`."""
    children: dict[int, list[int]] = {}
    names = {}
    for pid, (parent, comm) in _parents().items():
        children.setdefault(parent, []).append(pid)
        names[pid] = comm
    total = named = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        rss = _rss_kib(pid)
        total += rss
        named += rss if names.get(pid) == name else 0
        todo.extend(children.get(pid, ()))
    return total, named


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self._finished = pid, threading.Event()
        self.peak = self.pagefind_peak = 0   # the whole tree; its Pagefind processes (the search stage)

    def run(self) -> None:
        while not self._finished.wait(SAMPLE_SECONDS):
            total, pagefind = tree_rss_kib(self.pid, PAGEFIND)
            self.peak, self.pagefind_peak = max(self.peak, total), max(self.pagefind_peak, pagefind)

    def stop(self) -> tuple[int, int]:
        self._finished.set()
        self.join()
        return self.peak, self.pagefind_peak


def run_measured(command: list, cwd: Path, env: dict | None = None) -> Run:
    """Run `command` in `cwd` to completion; output goes to temporary files so no pipe can fill up."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        tree, pagefind = sampler.stop()
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Run(list(map(str, command)), process.returncode, wall, cpu, usage.ru_maxrss, tree, pagefind,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


# ---- what the build printed ---------------------------------------------------------

@dataclass(frozen=True)
class BuildSummary:
    """The counts and stage timings of hub/cli.py's summary lines."""

    stages: dict = field(default_factory=dict)   # stage -> seconds, in the order printed
    pages: int | None = None
    files: int | None = None


_PAGES_RE = re.compile(r"^pages: (\d+) pages?, (\d+) files?", re.M)
_TIME_RE = re.compile(r"^time: (.*?)(?:; total [\d.]+s)?$", re.M)
_STAGE_RE = re.compile(r"^\s*([\w-]+(?: [\w-]+)*) ([\d.]+)s\s*$")


def parse_summary(text: str) -> BuildSummary:
    """Parse 'pages: 444 pages, 450 files written; ...' and 'time: load 0.17s, render 1.62s; total 2.15s'."""
    pages = _PAGES_RE.search(text)
    stages: dict[str, float] = {}
    timing = _TIME_RE.search(text)
    if timing:
        for part in timing.group(1).split(","):
            match = _STAGE_RE.match(part)
            if match:
                stages[match.group(1)] = float(match.group(2))
    return BuildSummary(stages, int(pages.group(1)) if pages else None, int(pages.group(2)) if pages else None)


# ---- what the build wrote -----------------------------------------------------------

@dataclass(frozen=True)
class OutputStats:
    bytes: int
    files: int
    html: int


def output_stats(folder: Path) -> OutputStats:
    total = files = html = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            files += 1
            html += name.endswith(".html")
            total += os.path.getsize(os.path.join(dirpath, name))
    return OutputStats(total, files, html)
