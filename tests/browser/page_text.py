"""What a user reads on a screen names real things: no traceback, no SQL, no repository path,
no internal tag ("seed 004", "DOMAIN §3", "[báo chí]"), no field path ("drafts/0/activities/0")
and no item id where its question should be. The shared ``screenshot`` helper runs this on every
screen the browser tests look at (the visible text only: an id in a tooltip is fine)."""

from __future__ import annotations

import re

#: (what it is, pattern) — each is something a user should never have to read
FORBIDDEN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("traceback", re.compile(r"Traceback \(most recent call last\)|File \".*\", line \d+")),
    ("SQL", re.compile(r"\b(SELECT|INSERT INTO|UPDATE)\b .* \b(FROM|VALUES|SET)\b|sqlalchemy\.")),
    ("internal tag", re.compile(r"\bseed[ _-]?0\d\d\b|\bDOMAIN\s*§|\[báo chí", re.IGNORECASE)),
    ("repository path", re.compile(r"\bkit/[a-z_]+/|\b[\w-]+\.ya?ml\b|\btests/")),
    ("field path", re.compile(r"\b[a-z_]+/\d+/[a-z_]+(/\d+)?\b")),
    ("item id", re.compile(r"\bl\d{2}b?-ex-\d{2}\b|\bcase-\d{3}\b")),
)


def problems(text: str) -> list[str]:
    found = []
    for what, pattern in FORBIDDEN:
        match = pattern.search(text)
        if match:
            start = max(match.start() - 40, 0)
            found.append(f"{what}: …{text[start:match.end() + 40]}…")
    return found


def assert_plain_text(page: object, name: str) -> None:
    text = page.evaluate("() => document.body.innerText")  # type: ignore[attr-defined]
    found = problems(str(text))
    assert not found, f"{name}: a user would read\n  " + "\n  ".join(found)
