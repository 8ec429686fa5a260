"""Answer options of any length, on a phone and on a desktop: the items whose options are the
longest in the banks (found here, not named) are put in a workshop's pre-test and answered in
a real browser. No two option boxes overlap, and a tap on an option selects that option and
no other."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit import api, registry
from kit.content import schemas as s
from kit.core.config import DB_FILENAME
from kit.store import db
from kit.workshops import sessions
from tests.conftest import join_as, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
PER_KIND = 3

#: every option box of the item on the page, as rectangles
_BOXES = """() => [...document.querySelectorAll(
    '.kit-item .kit-choice label:has(input), .kit-item .kit-option label:has(input)')].map(e => {
  const r = e.getBoundingClientRect();
  return {x: r.left, y: r.top, w: r.width, h: r.height, text: e.innerText.slice(0, 40)};
})"""


def longest_option_items() -> list[s.Item]:
    """The single-choice and multiple-select items whose longest option is the longest."""
    items = api.load_content().items.values()
    picked: list[s.Item] = []
    for kind in (s.SingleChoice, s.MultipleSelect):
        of_kind = [i for i in items if isinstance(i, kind)]
        of_kind.sort(key=lambda i: -max(len(o.text) for o in i.options))  # type: ignore[attr-defined]
        picked += of_kind[:PER_KIND]
    return picked


def overlaps(boxes: list[dict[str, float]]) -> list[tuple[str, str]]:
    """The pairs of boxes whose areas intersect (touching edges do not count)."""
    found = []
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"] + 0.5
                or b["x"] + b["w"] <= a["x"] + 0.5
                or a["y"] + a["h"] <= b["y"] + 0.5
                or b["y"] + b["h"] <= a["y"] + 0.5
            )
            if not apart:
                found.append((a["text"], b["text"]))
    return found


def test_overlap_check_sees_an_overlap_and_passes_stacked_boxes() -> None:
    stacked = [{"x": 0, "y": 0, "w": 300, "h": 60, "text": "a"}]
    stacked.append({"x": 0, "y": 66, "w": 300, "h": 24, "text": "b"})
    assert overlaps(stacked) == []
    drawn_over = [*stacked, {"x": 0, "y": 50, "w": 300, "h": 24, "text": "c"}]
    assert overlaps(drawn_over) == [("a", "c"), ("b", "c")]


def open_workshop(data_dir: Path, items: list[s.Item]) -> str:
    eng = db.create(f"sqlite:///{data_dir / DB_FILENAME}")
    spec = sessions.WorkshopSpec(
        title="Đọc phương án dài",
        day=date(2026, 3, 2),
        track="B",
        pre_items=[i.id for i in items],
        survey=False,
    )
    return sessions.create(spec, eng).code


def selected(page: object) -> list[bool]:
    return page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll(
            '.kit-item .kit-choice input, .kit-item .kit-option input')].map(i => i.checked)"""
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_long_options_stack_without_overlap_and_a_tap_selects_the_option_tapped(
    kit_server: object, open_page: object, viewport: str
) -> None:
    items = longest_option_items()
    assert any(max(len(o.text) for o in i.options) > 80 for i in items)  # type: ignore[attr-defined]
    code = open_workshop(Path(kit_server.log_path).parent / "data", items)  # type: ignore[attr-defined]
    page = open_page(viewport).page  # type: ignore[operator]
    base = kit_server.base_url  # type: ignore[attr-defined]
    page.goto(f"{base}/{registry.get('workshop').url_path}?code={code}")
    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(page, f"Người đọc {viewport}", "UBND xã Quảng Thái", "B")
    for n, item in enumerate(items):
        page.wait_for_selector(".kit-item .kit-choice, .kit-item .kit-option", timeout=TIMEOUT)
        prompt = page.inner_text(".kit-prompt")
        assert item.prompt.split()[0] in prompt
        boxes = page.evaluate(_BOXES)
        assert len(boxes) == len(item.options)  # type: ignore[attr-defined]
        assert overlaps(boxes) == [], f"{item.id} at {viewport}"
        assert all(b["h"] >= 20 for b in boxes)
        screenshot(page, f"options-{viewport}-{n + 1}")
        targets = page.locator(
            ".kit-item .kit-choice label:has(input), .kit-item .kit-option label:has(input)"
        )
        multiple = isinstance(item, s.MultipleSelect)
        for k in range(len(boxes)):
            targets.nth(k).click()
            page.wait_for_timeout(150)
            state = selected(page)
            assert state[k], f"{item.id}: option {k + 1} tapped but not selected"
            if multiple:
                assert sum(state) == 1, state
                targets.nth(k).click()  # untick it again
                page.wait_for_function(
                    f"() => !document.querySelectorAll('.kit-item .kit-option input')[{k}].checked"
                )
            else:
                assert sum(state) == 1, state
        if multiple:
            targets.nth(0).click()
        page.get_by_role("button", name="Nộp câu trả lời").click()
        page.wait_for_function(
            "p => !document.querySelector('.kit-prompt') || "
            "!document.querySelector('.kit-prompt').innerText.startsWith(p)",
            arg=prompt[:30],
            timeout=TIMEOUT,
        )
