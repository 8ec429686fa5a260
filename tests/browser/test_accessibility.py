"""Is every app's first screen usable without a mouse? The Tab key reaches every control on the
screen. (axe-core's WCAG 2.1 A/AA rules, none disabled, run on every screen a browser test looks
at, through the shared ``screenshot`` helper: every app's first screen at 360 px and at 1280 px is
checked by ``test_apps_in_browser.py``, and the screens behind it by the round tests.)"""

from __future__ import annotations

import pytest

from kit import registry

pytestmark = pytest.mark.browser
TIMEOUT = 60_000

#: the controls on a screen that are shown and enabled, each described so a failure names it
_CONTROLS = """() => [...document.querySelectorAll(
    '.kit-app button, .kit-app input, .kit-app select, .kit-app textarea, .kit-app a[href]')]
  .filter(e => e.offsetParent && !e.disabled && e.type !== 'hidden')
  .map(e => e.tagName + '|' + (e.getAttribute('aria-label') || e.title || e.innerText
    || e.placeholder || e.name || '').trim().slice(0, 60))"""

#: the control that has the focus, described as in ``_CONTROLS`` ('' when none of them)
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || !e.closest('.kit-app')) return '';
  return e.tagName + '|' + (e.getAttribute('aria-label') || e.title || e.innerText
    || e.placeholder || e.name || '').trim().slice(0, 60);
}"""


def tab_through(page: object, limit: int) -> set[str]:
    """The controls the Tab key reaches, pressing it up to ``limit`` times."""
    reached: set[str] = set()
    page.locator("body").click(position={"x": 1, "y": 1})  # type: ignore[attr-defined]
    for _ in range(limit):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = page.evaluate(_FOCUSED)  # type: ignore[attr-defined]
        if focused:
            reached.add(focused)
    return reached


@pytest.mark.parametrize("spec", registry.APPS, ids=lambda s: s.id)
def test_the_tab_key_reaches_every_control_of_the_first_screen(
    kit_server: object, open_page: object, spec: registry.AppSpec
) -> None:
    page = open_page("desktop").page  # type: ignore[operator]
    page.goto(f"{kit_server.base_url}/{spec.url_path}")  # type: ignore[attr-defined]
    page.wait_for_selector(f".{spec.main_widget}", state="visible", timeout=TIMEOUT)
    controls = set(page.evaluate(_CONTROLS))  # type: ignore[attr-defined]
    assert controls, f"{spec.id}: no control found on the first screen"
    reached = tab_through(page, limit=3 * len(controls) + 10)
    missed = sorted(controls - reached)
    assert not missed, f"{spec.id}: the Tab key never reaches {missed}"
