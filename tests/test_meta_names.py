"""Body names as real sources write them (issue 12): full-width brackets that belong to the
name come back whole; the registry's aliases map a source's misspelling to its body."""

from __future__ import annotations

import pytest

from lib.analytics import queries
from lib.ingest import ingest_paths
from lib.parse.meta import body_of
from tests.dbfixture import REAL_REPORTS

REPORT = "2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    "title, body",
    [
        (f"平潭综合实验区（党工委管委会）{REPORT}", "平潭综合实验区（党工委管委会）"),
        (f"上海市科学技术委员会（市科委）{REPORT}", "上海市科学技术委员会（市科委）"),
        (f"关于上海市科学技术委员会(市科委){REPORT}", "上海市科学技术委员会（市科委）"),
        (f"《九间楼乡人民政府{REPORT}》", "九间楼乡"),
        (f"（九间楼乡）{REPORT}", "九间楼乡"),
        (f"“东湖镇”{REPORT}", "东湖镇"),
        (f"东湖镇（{REPORT}", "东湖镇"),  # a bracket left open by a cut title
        (f"淮安市洪泽区人民政府{REPORT}", "淮安市洪泽区"),
    ],
)
def test_body_names_from_titles(title, body):
    assert body_of(title, "") == body


def test_registry_alias_maps_a_misspelt_name_to_its_body(tmp_path):
    text = (REAL_REPORTS / "jiujianlou-2020.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    folder = tmp_path / "in"
    folder.mkdir()
    # the body's own report spells it 平潭综合试验区 (试 for 实), with its bracketed office
    (folder / "a.txt").write_text(f"平潭综合试验区（党工委管委会）2020年政府信息公开工作年度报告\n{text}",
                                  encoding="utf-8")  # fmt: skip
    reg = tmp_path / "bodies.csv"
    reg.write_text("name,county,level,aliases\n"
                   "平潭综合实验区（党工委管委会）,平潭县,government,平潭综合试验区（党工委管委会）\n",
                   encoding="utf-8")  # fmt: skip
    db = tmp_path / "m.duckdb"
    assert ingest_paths([folder], db, registry=reg).ok
    rl = queries.report_list(str(db))
    assert list(rl["body"]) == ["平潭综合实验区（党工委管委会）"]
    assert list(rl["county"]) == ["平潭县"] and bool(rl["assigned"].iloc[0])
