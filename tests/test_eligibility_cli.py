"""Does `kit eligibility` write the template, decide a spreadsheet, list the facts and explain one
decision, keeping the exit-code contract (0 ok, 1 problems, 2 wrong usage)?"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit.eligibility import rules as r
from kit.eligibility.batch import contract

RULES = r.load_rule_set()
IN_SCOPE = {
    "document_type": "Nghị quyết của HĐND tỉnh",
    "consultation_date": "10/05/2024",
    "policy_proposal_required": True,
    "state_secret": "Không",
    "direct_rights_obligations": "có",
    "difficult_or_contested": True,
    "impact_scope": "toàn tỉnh",
}


def kit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kit", "eligibility", *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def write_facts(tmp_path: Path, facts: dict[str, object]) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return path


def test_template_writes_the_workbook_with_the_contract_headers(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    result = kit("template", "-o", str(out))
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out)["Dự thảo"]
    assert [c.value for c in ws[1]] == list(contract.INPUT_HEADERS)


def test_batch_writes_the_results_prints_the_counts_and_reports_bad_rows(tmp_path: Path) -> None:
    source = tmp_path / "du-thao.csv"
    lines = [
        ";".join(contract.INPUT_HEADERS),
        "DT-01;Phí tham quan;Nghị quyết HĐND tỉnh;Sở VHTTDL;10/05/2024;;Có;Không;Có;Có;Toàn tỉnh",
        "DT-02;Nội bộ;Quyết định UBND tỉnh;Sở Nội vụ;10/05/2024;;;Không;Không;Không;Toàn tỉnh",
        "DT-03;Lỗi;Công văn;Sở Nội vụ;10/05/2024;;;Không;Có;Có;Toàn tỉnh",
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    out = tmp_path / "ket-qua.xlsx"
    result = kit("batch", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    for text in ("Thuộc phạm vi: 1", "Không thuộc phạm vi: 1", "Lỗi dữ liệu: 1"):
        assert text in result.stdout
    for text in ("In scope: 1", "Not in scope: 1", "Data error: 1"):
        assert text in result.stdout
    assert result.stdout.index("Thuộc phạm vi") < result.stdout.index("In scope")
    assert "dòng/row 4" in result.stderr and "Loại văn bản" in result.stderr
    ws = load_workbook(out)["Kết quả"]
    assert [row[11] for row in ws.iter_rows(min_row=2, values_only=True)] == [
        "Thuộc phạm vi",
        "Không thuộc phạm vi",
        contract.ERROR,
    ]


def test_batch_with_a_missing_column_fails_with_1_and_names_it(tmp_path: Path) -> None:
    source = tmp_path / "thieu.csv"
    source.write_text("Mã,Tên dự thảo chính sách\n1,x\n", encoding="utf-8")
    result = kit("batch", str(source), "-o", str(tmp_path / "out.xlsx"))
    assert result.returncode == 1
    assert "Loại văn bản" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_facts_json_lists_every_fact_the_rule_set_reads() -> None:
    result = kit("facts", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert listing["rule_set"] == RULES.id
    facts = {f["name"]: f for f in listing["facts"]}
    assert list(facts) == [f.id for f in RULES.facts]
    assert facts["state_secret"]["allowed"] == [True, False, None]
    assert facts["consultation_date"]["allowed"] == "dd/mm/yyyy"
    assert [d["id"] for d in facts["document_type"]["allowed"]] == [
        d.id for d in RULES.document_types
    ]
    assert [s["label"] for s in facts["impact_scope"]["allowed"]] == [s.label for s in RULES.scopes]
    assert facts["policy_proposal_required"]["optional"] is True
    assert facts["document_type"]["question_en"]


def test_explain_json_keeps_the_contract_for_an_in_scope_draft(tmp_path: Path) -> None:
    result = kit("explain", str(write_facts(tmp_path, IN_SCOPE)), "--json")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert {"rule_set", "outcome", "trace", "missing", "next_steps"} <= set(decision)
    assert decision["rule_set"] == RULES.id and decision["outcome"] == "in_scope"
    assert decision["missing"] == [] and decision["next_steps"]
    for step in decision["trace"]:
        assert {"criterion", "fact", "value", "result", "source"} <= set(step)
    assert [s["criterion"] for s in decision["trace"]][-4:] == ["a", "b", "c", "d"]


def test_explain_json_lists_the_missing_facts_when_it_cannot_decide(tmp_path: Path) -> None:
    facts = {**IN_SCOPE, "direct_rights_obligations": None, "impact_scope": ""}
    result = kit("explain", str(write_facts(tmp_path, facts)), "--json")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "insufficient"
    assert set(decision["missing"]) == {"direct_rights_obligations", "impact_scope"}


def test_explain_prints_the_trace_in_vietnamese_then_english() -> None:
    result = kit("explain", "-", stdin=json.dumps(IN_SCOPE, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Kết luận: Thuộc phạm vi") < out.index("Outcome: In scope")
    assert "✓ (d)" in out and "Lạng Sơn (năm 2022), mục II.1.b" in out


def test_explain_with_an_unreadable_value_fails_with_1_and_names_the_fact(tmp_path: Path) -> None:
    facts = {**IN_SCOPE, "impact_scope": "khắp nơi", "state_secret": "có lẽ"}
    result = kit("explain", str(write_facts(tmp_path, facts)), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "impact_scope:" in result.stderr and "state_secret:" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bogus"],
        ["batch", "x.csv"],
        ["template"],
        ["explain"],
        ["facts", "--rule-set", "khong-co"],
    ],
)
def test_wrong_usage_exits_with_2(args: list[str]) -> None:
    result = kit(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
