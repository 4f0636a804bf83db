"""One Diagnostic type for every problem found in content, the one error that carries it, and its two output formats."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem in a contributor's file, with a 1-based position in that file."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str
    hint: str = ""

    def text(self) -> str:
        head = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head

    def github(self) -> str:
        kind = "error" if self.severity == ERROR else "warning"
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return (
            f"::{kind} file={_escape_property(self.path)},line={self.line},col={self.col},"
            f"title={_escape_property(self.code)}::{_escape_data(message)}"
        )


class HubError(Exception):
    """A problem in the checkout (content, schema, configuration, template) or in the machine the
    build writes on, raised where it is found and carrying the diagnostic(s) that name its file and line.

    Loaders raise it (or a subclass: YamlProblem, ConfigError, SearchError); hub/commands/failures.py turns it,
    and the few foreign exceptions that mean the same (a Jinja or jsonschema error, an output error),
    into diagnostics for the command line and the preview alike.
    """

    def __init__(self, diagnostic: Diagnostic, *more: Diagnostic):
        super().__init__("; ".join(d.message for d in (diagnostic, *more)))
        self.diagnostics = [diagnostic, *more]

    @property
    def diagnostic(self) -> Diagnostic:
        return self.diagnostics[0]


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean …?' hint for a misspelt name, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.code, diagnostic.message)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        return "no problems found"
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''} in {files} file{'s' if files != 1 else ''}")


def format_report(diagnostics: list[Diagnostic], fmt: str = "text") -> str:
    """All diagnostics sorted by path and line, then one summary line."""
    ordered = sorted(diagnostics, key=sort_key)
    lines = [d.github() if fmt == "github" else d.text() for d in ordered]
    lines.append(summary_line(ordered))
    return "\n".join(lines)


def diagnostics_to_json(diagnostics: list[Diagnostic]) -> list:
    return [[d.path, d.line, d.col, d.severity, d.code, d.message, d.hint] for d in diagnostics]


def diagnostics_from_json(data: list) -> list[Diagnostic]:
    return [Diagnostic(*item) for item in data]
