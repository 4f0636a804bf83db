"""The one place a failure becomes diagnostics, for the command line and the preview alike.

Loaders report a contributor's mistake as a HubError carrying its diagnostic (hub/core/diagnostics.py);
a few foreign exceptions mean the same and are translated here: a template failing while a page is
rendered (Jinja), and the output folder that cannot be written (hub/write.py). Anything else is
a bug in the hub and is raised again, traceback and all.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from hub.core.diagnostics import ERROR, Diagnostic, HubError
from hub.write import OutputError


def diagnostics_for(problem: BaseException, root: Path, out_dir: Path | None = None) -> list[Diagnostic]:
    """The diagnostics `problem` stands for, with paths relative to the checkout `root`;
    raises `problem` again when it is not a failure the user can fix."""
    if isinstance(problem, HubError):
        return list(problem.diagnostics)
    if isinstance(problem, OutputError):
        where = _relative(out_dir, root) if out_dir else "."
        return [Diagnostic(where, 1, 1, ERROR, "output", str(problem),
                           "the previous site was left as it was")]
    if isinstance(problem, jinja2.TemplateError):   # `check` compiled every template: this one failed rendering
        path, line = _template_position(problem, root)
        return [Diagnostic(path, line, 1, ERROR, "template-render",
                           f"{type(problem).__name__}: {problem.message or problem}",
                           "the template fails on this page's data; `check` cannot see it, the build can")]
    raise problem


def _template_position(problem: jinja2.TemplateError, root: Path) -> tuple[str, int]:
    """The template line a rendering error was raised at: Jinja puts it into the traceback."""
    if isinstance(problem, jinja2.TemplateSyntaxError) and problem.filename:   # edited while being built
        return _relative(Path(problem.filename), root), problem.lineno or 1
    templates = (root / "templates").resolve()
    frames = [frame for frame in traceback.extract_tb(problem.__traceback__)
              if Path(frame.filename).resolve().is_relative_to(templates)]
    if frames:
        return _relative(Path(frames[-1].filename), root), frames[-1].lineno or 1
    return "templates", 1


def _relative(path: Path, root: Path) -> str:
    path, root = path.resolve(), root.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
