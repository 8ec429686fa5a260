"""axe-core in the browser tests: the npm package (``make test`` installs it) injected by Playwright
into a page the tests opened, run with the WCAG 2.1 A and AA rule sets, no rule disabled.

:func:`check` returns the serious and critical violations as lines naming the screen, the rule,
its help text and every element it found; :func:`assert_accessible` fails with them. The shared
``screenshot`` helper of ``tests/conftest.py`` calls it, so every screen a browser test looks at
is checked too.
"""

from __future__ import annotations

from pathlib import Path

#: the axe-core build ``make test`` installs with npm (``package.json``)
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: the rule sets run: WCAG 2.0 and 2.1, levels A and AA
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
#: the impacts that fail a test
FAILING = ("serious", "critical")

_RUN = """async tags => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                summary: (n.failureSummary || '').slice(0, 300)})),
  }));
}"""


def _inject(page: object) -> None:
    if not AXE_JS.exists():
        raise AssertionError(
            f"axe-core is missing ({AXE_JS.name}): run `make test` (it installs it with npm)"
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
        page.add_script_tag(content=AXE_JS.read_text("utf-8"))  # type: ignore[attr-defined]


def violations(page: object) -> list[dict[str, object]]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now."""
    _inject(page)
    found: list[dict[str, object]] = page.evaluate(_RUN, list(TAGS))  # type: ignore[attr-defined]
    return found


def check(page: object, screen: str) -> list[str]:
    """The serious and critical violations on the page, one line per element, naming the screen,
    the rule and the element."""
    lines = []
    for v in violations(page):
        if v["impact"] not in FAILING:
            continue
        for node in v["targets"]:  # type: ignore[attr-defined]
            lines.append(
                f"{screen}: {v['id']} ({v['impact']}: {v['help']}) at {node['target']} "
                f"{node['html']} — {node['summary']}"
            )
    return lines


def assert_accessible(page: object, screen: str) -> None:
    """Fail on any serious or critical WCAG 2.1 A/AA violation on the page."""
    found = check(page, screen)
    assert not found, f"{len(found)} accessibility violation(s):\n" + "\n".join(found)
