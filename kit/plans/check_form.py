"""The form of a plan, as the checker reads it: the header fields (Decree 30/2020), the signature
block and its authority prefixes, the plan period and the dates inside it, and the placeholders
left anywhere in the text. A mixin of the checker (:mod:`kit.plans.checker`), kept apart to keep
modules small."""

from __future__ import annotations

from datetime import date

from kit.core.text import fold
from kit.eligibility import placeholders
from kit.plans.blanks import blanks
from kit.plans.findings import (
    COLLECTIVE,
    DECREE30,
    DECREE30_EN,
    HEADER_FIELDS,
    HEADER_WHY,
    HEADER_WHY_EN,
    SIGNATURE_FINDINGS,
    SIGNATURE_WHY,
    SIGNATURE_WHY_EN,
    Criterion,
    Kind,
    Level,
)
from kit.plans.model import Plan


class FormChecks:
    """Header, signature, period and placeholders; needs ``plan`` and ``add`` (the
    checker gives both)."""

    plan: Plan

    def add(
        self,
        where: str,
        what: str,
        why: str,
        what_en: str,
        why_en: str,
        *,
        key: str,
        level: Level = "error",
        kind: Kind = "content",
    ) -> None:
        raise NotImplementedError

    def header(self, c: Criterion) -> None:
        h = self.plan.header
        fields = {
            "issuing_body": h.issuing_body,
            "number": h.number,
            "place": h.place,
            "title": h.title,
        }
        for name, value in fields.items():
            if not value.strip():
                vi_label, en_label = HEADER_FIELDS[name]
                self.add(
                    f"header/{name}",
                    f"Chưa điền {vi_label}.",
                    HEADER_WHY,
                    f"The {en_label} is not filled in.",
                    HEADER_WHY_EN,
                    key="header",
                    kind="blank",
                )
        filled = sum(_filled(v, name) for name, v in fields.items())
        c.score = c.max * 0.5 * filled / len(fields)
        c.score += c.max * 0.3 * self._signature()
        c.score += c.max * 0.2 * self._dates_in_period()

    def _signature(self) -> float:
        sig, body = self.plan.signature, fold(self.plan.header.issuing_body)
        prefixes = [p for p, _ in sig.authority]
        collective = any(fold(w) in body for w in COLLECTIVE)
        known_body = _filled(self.plan.header.issuing_body, "issuing_body")
        deputy = fold(sig.position).startswith(fold("phó"))
        findings = [
            SIGNATURE_FINDINGS[key]
            for key, found in (
                ("unsigned", not sig.position.strip() or not sig.name.strip()),
                ("needs_tm", collective and (not prefixes or prefixes[0] != "TM.")),
                ("no_tm", known_body and not collective and "TM." in prefixes),
                ("needs_kt", deputy and "KT." not in prefixes),
                ("no_kt", "KT." in prefixes and not deputy),
            )
            if found
        ]
        for what, what_en in findings:
            self.add(
                "signature",
                what,
                SIGNATURE_WHY,
                what_en,
                SIGNATURE_WHY_EN,
                key="signature",
                kind="blank" if what == SIGNATURE_FINDINGS["unsigned"][0] else "form",
            )
        signed = _filled(sig.name, "name") and _filled(sig.position, "position")
        return 0.0 if findings or not signed else 1.0

    def placeholders(self) -> None:
        """Every placeholder left in the plan, one problem each."""
        for blank in blanks(self.plan):
            self.add(
                blank.where,
                f"Còn chỗ trống chưa điền: «{blank.text}».",
                "Văn bản ban hành không còn chữ mẫu hoặc chỗ trống (trừ số và ngày, do văn thư "
                f"điền khi ký); {DECREE30}.",
                f"A blank is left to fill: «{blank.text}».",
                "An issued document has no template words or blanks left (except the number and "
                f"the day, which the clerk writes at signing); {DECREE30_EN}.",
                key="placeholder",
                kind="placeholder",
            )

    def _dates_in_period(self) -> float:
        h = self.plan.header
        if h.period_start is None:
            self.add(
                "header/period_start",
                "Chưa có thời kỳ kế hoạch.",
                "Kế hoạch nêu rõ năm thực hiện.",
                "The plan period is not given.",
                "A plan says which years it covers.",
                key="period",
                kind="blank",
            )
            return 0.0
        end = h.period_end or h.period_start
        first, last = date(h.period_start, 1, 1), date(end, 12, 31)
        outside = 0
        dated: list[tuple[str, date | None]] = [
            (f"sections/{sid}/tasks/{i}/{k}", getattr(t, k))
            for sid, i, t in self.plan.all_tasks()
            for k in ("start", "end")
        ]
        dated += [
            (f"drafts/{i}/activities/{j}", day)
            for i, d in enumerate(self.plan.drafts)
            for j, a in enumerate(d.activities)
            for day in (a.start, a.end)
        ]
        for where, day in dated:
            if day is not None and not first <= day <= last:
                outside += 1
                self.add(
                    where,
                    f"Ngày {day:%d/%m/%Y} nằm ngoài thời kỳ kế hoạch {h.period_start}–{end}.",
                    "Mọi hoạt động phải nằm trong thời kỳ của kế hoạch.",
                    f"{day:%d/%m/%Y} is outside the plan period {h.period_start}–{end}.",
                    "Every activity falls inside the plan period.",
                    key="outside_period",
                    kind="date",
                )
        return 0.0 if outside else 1.0


def _filled(text: str, field: str) -> bool:
    """Has the field a value with no placeholder left in it?"""
    return bool(text.strip()) and not placeholders.find(text, field)
