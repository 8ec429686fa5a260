"""Does the plan builder app save what is typed at once, reopen it after a restart, keep the
checker panel live, refuse forged values, and escape what users typed?"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import ipywidgets as w

from kit import trainees
from kit.apps.plans.app import PlanBuilderView
from kit.apps.ui.shell import AppShell
from kit.plans import store
from kit.plans.store import STEPS
from tests.test_exercises_app import widget_texts


def walk(root: w.Widget) -> Iterator[w.Widget]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(getattr(node, "children", ()) or ()))


def field(root: w.Widget, label: str) -> w.Widget:
    """The input under the label that starts with ``label``."""
    for node in walk(root):
        if "kit-field" in getattr(node, "_dom_classes", ()):
            if len(node.children) == 1:  # an input labelled by its own description
                (widget,) = node.children
                if label in getattr(widget, "description", ""):
                    return widget
                continue
            head, widget = node.children
            if label in head.value:
                return widget
    raise LookupError(label)


def button(root: w.Widget, text: str) -> w.Button:
    return next(b for b in walk(root) if isinstance(b, w.Button) and text in b.description)


def open_app(name: str = "Lê Kế Hoạch") -> tuple[AppShell, PlanBuilderView]:
    shell = AppShell("plans", None)
    view = PlanBuilderView(shell)
    shell.mount(view.render)
    view.gate.join(name, "UBND phường Hòa Bình", "B")
    return shell, view


def body(shell: AppShell) -> w.Widget:
    assert shell.body is not None
    return shell.body


def test_a_new_trainee_picks_a_template_and_every_typed_value_is_stored_at_once() -> None:
    shell, view = open_app()
    assert view.session is None
    button(body(shell), "Tạo kế hoạch từ mẫu").click()
    session = view.session
    assert session is not None and session.step == "header"
    field(body(shell), "Cơ quan ban hành").value = "UBND phường Hòa Bình"
    field(body(shell), "Ngày ban hành").value = date(2026, 2, 5)
    field(body(shell), "Từ năm").value = "2026"
    stored = store.load(session.owner, session.plan_id)
    assert stored.plan.header.issuing_body == "UBND phường Hòa Bình"
    assert stored.plan.header.date == date(2026, 2, 5)
    assert stored.plan.header.period_start == 2026
    assert "Đã lưu tự động" in view.saved.value


def test_after_a_kernel_restart_the_same_browser_reopens_the_plan_at_its_step() -> None:
    shell, view = open_app("Trần Khởi Động")
    button(body(shell), "Tạo kế hoạch từ mẫu").click()
    button(body(shell), "Bước tiếp").click()
    button(body(shell), "Bước tiếp").click()
    assert view.session is not None and view.session.step == "scope"
    field(body(shell), "Nội dung").value = "Phạm vi: toàn phường.\nThời gian: năm 2026."
    token = view.gate.token.issued
    # a new kernel: the browser still holds its token
    shell2 = AppShell("plans", None)
    view2 = PlanBuilderView(shell2)
    shell2.mount(view2.render)
    view2.gate.token.stored = token
    view2.gate.token.ready = True
    assert view2.session is not None
    assert view2.session.step == "scope"
    scope = view2.session.plan.section("scope")
    assert scope is not None
    assert scope.paragraphs == ["Phạm vi: toàn phường.", "Thời gian: năm 2026."]
    assert "Thời gian: năm 2026." in widget_texts(body(shell2))


def test_the_checker_panel_follows_each_change() -> None:
    shell, view = open_app("Vũ Kiểm Tra")
    button(body(shell), "Tạo kế hoạch từ mẫu").click()
    before = view.panel.value
    assert "Điểm:" in before
    field(body(shell), "Trích yếu").value = ""
    assert "Chưa điền trích yếu" in view.panel.value


def test_a_forged_value_is_refused_with_a_message_and_nothing_changes() -> None:
    shell, view = open_app("Đinh Giả Mạo")
    button(body(shell), "Tạo kế hoạch từ mẫu").click()
    session = view.session
    assert session is not None
    before = session.plan
    field(body(shell), "Từ năm").value = "năm nay"
    assert "Năm phải là số" in shell.error_html
    assert session.plan == before
    view.go("<img src=x>")
    assert session.step == "header"


def test_every_step_renders_for_both_seed_plans_and_the_review_offers_downloads() -> None:
    shell, view = open_app("Hồ Rà Soát")
    for seed in ("seed-004", "seed-002"):
        view.start_from("seed", seed)
        for step in STEPS:
            view.go(step)
            assert not shell.error_html, (seed, step, shell.error_html)
            assert view.session is not None and view.session.step == step
        button(body(shell), "Tạo văn bản DOCX").click()
        button(body(shell), "Tạo tệp PLAN.json").click()
        html = widget_texts(body(shell))
        assert "Tải văn bản (DOCX)" in html and "Tải PLAN.json" in html
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html


def test_names_typed_into_the_plan_are_escaped_in_panel_preview_and_chart() -> None:
    shell, view = open_app("<img src=x onerror=alert(1)>")
    button(body(shell), "Tạo kế hoạch từ mẫu").click()
    field(body(shell), "Trích yếu").value = "<script>alert(1)</script>"
    view.go("review")
    html = widget_texts(body(shell))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_my_plans_lists_only_the_trainees_own_plans() -> None:
    shell, view = open_app("Mai Danh Sách")
    view.start_from("template", "province")
    view.start_from("template", "department")
    button(body(shell), "Kế hoạch của tôi").click()
    opens = [b for b in walk(body(shell)) if isinstance(b, w.Button) and b.description == "Mở"]
    assert len(opens) == 2
    other = trainees.register("Người Ngoài", "Sở khác", "A").identity.id
    assert store.listing(other) == []


def test_an_uploaded_plan_that_is_not_utf8_is_refused_with_a_message_and_nothing_opens() -> None:
    shell, view = open_app("Tải Lên Sai")
    shell.guard(view.upload_plan)(
        "ke-hoach.json", '{"header": "Hòa"}'.encode("cp1258", "replace") + b"\xff"
    )
    assert "không phải mã UTF-8" in shell.error_html
    assert view.session is None
