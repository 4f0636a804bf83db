"""axe-core in the browser tests: the vendored tests/vendor/axe-core/axe.min.js (npm axe-core, MPL-2.0).

Injected through the DevTools protocol (page.evaluate), never into the site, and not as a <script>
element: the site's Content-Security-Policy, which the test server sends, would refuse one.

Rules: WCAG 2.0/2.1/2.2 A and AA and axe's best practices, including target-size (WCAG 2.2's
2.5.8), which axe leaves off by default. One exception is checked rather than assumed: a dot of
the city map (hub/render/map.py) may be smaller or closer to its neighbours than 2.5.8 asks, because
2.5.8 exempts a target whose function a full-size control on the same page also offers; for each
such dot the test checks that the page links to the same city outside the map.
"""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const out = [];
  for (const violation of results.violations) {
    const nodes = [];
    for (const node of violation.nodes) {
      const element = document.querySelector(node.target.join(' '));
      const inMap = element && element.closest('svg.city-map');
      if (violation.id === 'target-size' && inMap) {
        const link = element.closest('a');
        const href = link && link.getAttribute('href');
        const elsewhere = href && [...document.querySelectorAll('a[href]')].some(
          (a) => a.getAttribute('href') === href && !a.closest('svg.city-map'));
        if (elsewhere) continue;   // WCAG 2.5.8 "equivalent": the same link at full size on this page
      }
      nodes.push(node.target.join(' ') + ': ' + node.failureSummary.replace(/\\s+/g, ' '));
    }
    if (nodes.length) out.push({id: violation.id, impact: violation.impact, help: violation.help, nodes});
  }
  return out;
}"""


def axe_violations(page) -> list[str]:
    """Every axe violation on the page as it is now, one readable line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(_RUN, TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -- " + " | ".join(v["nodes"][:5]) for v in violations]


def describe(problems: dict) -> str:
    return json.dumps(problems, indent=1, ensure_ascii=False)
