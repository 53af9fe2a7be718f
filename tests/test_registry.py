"""The body registry: name normalisation, levels, bodies.csv, resolution, folder layout."""

from __future__ import annotations

import pytest

from lib.errors import GongkaiError
from lib.parse.registry import Registry, county_from_path, level_of, normalise_body


@pytest.mark.parametrize(
    "raw, norm",
    [
        ("九间楼乡人民政府", "九间楼乡"),
        ("九间楼乡政府", "九间楼乡"),
        ("九间楼乡", "九间楼乡"),
        ("城南街道办事处", "城南街道"),
        ("城南街道 办事处", "城南街道"),
        ("沭阳县发展和改革局", "沭阳县发展和改革局"),
        ("泗阳县人民政府", "泗阳县"),
    ],
)
def test_normalise_strips_government_suffixes(raw, norm):
    assert normalise_body(raw) == norm


@pytest.mark.parametrize(
    "name, level",
    [
        ("九间楼乡", "township"),
        ("九间楼乡人民政府", "township"),
        ("柳林镇", "town"),
        ("城南街道办事处", "subdistrict"),
        ("沭阳县发展和改革局", "county_dept"),
        ("沭阳县人民政府办公室", "county_dept"),
        ("洪泽区人民政府", "government"),
        ("某某", "other"),
    ],
)
def test_level_from_the_name(name, level):
    assert level_of(name) == level


CSV = """name,county,level,aliases,population
九间楼乡,怀柔区,乡,九间楼乡人民政府;九间楼,5200
城关镇,示例县,,城关|城关镇政府,
城关镇,另一县,town,,12000
城南街道,示例县,subdistrict,,
"""


def test_bodies_csv_and_resolution(tmp_path):
    p = tmp_path / "bodies.csv"
    p.write_text(CSV, encoding="utf-8-sig")  # Excel writes a BOM
    reg = Registry.load(p)
    assert len(reg.bodies) == 4
    b = reg.resolve("九间楼乡人民政府")
    assert (b.name, b.county, b.level, b.population, b.assigned) == (
        "九间楼乡", "怀柔区", "township", 5200, True,
    )  # fmt: skip
    assert reg.resolve("九间楼").name == "九间楼乡"  # alias
    # 城关镇 exists in two counties: the hint decides; without one it is ambiguous
    assert reg.resolve("城关镇", "另一县").population == 12000
    assert reg.resolve("城关镇政府", "示例县").county == "示例县"
    assert reg.resolve("城关", "示例县").level == "town"
    assert not reg.resolve("城关镇").assigned
    # never another county's body of the same name
    other = reg.resolve("城关镇", "第三县")
    assert (other.assigned, other.county) == (False, "第三县")
    # county written in front of the name
    assert reg.resolve("示例县城南街道", "示例县").assigned
    assert "九间楼" in reg.names() and "城南街道" in reg.names()


def test_unknown_body_is_unassigned_not_rejected():
    reg = Registry.from_csv_text(CSV)
    b = reg.resolve("新设街道办事处", "示例县")
    assert (b.name, b.county, b.level, b.assigned) == ("新设街道", "示例县", "subdistrict", False)


def test_bad_registry_names_the_file_and_line(tmp_path):
    p = tmp_path / "bodies.csv"
    p.write_text("name,county,level\n甲乡,示例县,乡\n乙镇,示例县,planet\n", encoding="utf-8")
    with pytest.raises(GongkaiError) as e:
        Registry.load(p)
    assert str(p) in str(e.value) and "line 3" in str(e.value)
    p.write_text("county,level\n示例县,乡\n", encoding="utf-8")
    with pytest.raises(GongkaiError, match="name"):
        Registry.load(p)


def test_county_from_folder_layout():
    assert county_from_path(("reports", "示例县", "2021")) == "示例县"
    assert county_from_path(("data", "2020")) is None
    assert county_from_path(("洪泽区", "乡镇")) == "洪泽区"
