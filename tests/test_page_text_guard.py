"""The guard the browser tests run on every screen catches what a user should never read, and
lets ordinary Vietnamese text through."""

from __future__ import annotations

import pytest

from tests.browser.page_text import problems


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('Traceback (most recent call last):\n  File "kit/x.py", line 3', "traceback"),
        ("Nguồn: Kế hoạch tỉnh Lạng Sơn [seed 004]", "internal tag"),
        ("xem DOMAIN §3", "internal tag"),
        ("[báo chí; cần kiểm tra]", "internal tag"),
        ("Phương pháp: kit/rules/rollup-themes.yaml", "repository path"),
        ("Lỗi ở drafts/0/activities/0", "field path"),
        ("Câu l02-ex-01: độ dễ 50 %", "item id"),
        ("tình huống case-019", "item id"),
        ("sqlalchemy.exc.IntegrityError", "SQL"),
    ],
)
def test_what_a_user_should_never_read_is_caught(text: str, what: str) -> None:
    assert any(p.startswith(what) for p in problems(text)), problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 407/QĐ-TTg ngày 30/3/2022 của Thủ tướng Chính phủ",
        "Số:      /BC-UBND",
        "Hạn góp ý: hết ngày 06/5/2026 (Thứ Tư)",
        "Điểm: 26,5/30 · độ tin cậy 0,78",
        "Nghị định số 30/2020/NĐ-CP, Phụ lục I",
        "Điều 147 khoản 2 Bộ luật Dân sự 2015",
        "http://192.168.1.20:8866/voila/render/workshop.ipynb?code=ABC123",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert problems(text) == []
