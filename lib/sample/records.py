"""The sample's records (a body, a filing, a planted defect, the whole sample) and the names
the model, the prose and the defects all use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

COUNTY = "示例县"
APPLICANTS = ("natural", "commercial", "research", "social", "legal", "other_org")
LEVEL_WORD = {"township": "乡", "town": "镇", "subdistrict": "街道"}


@dataclass
class Body:
    name: str
    level: str  # township | town | subdistrict
    population: int
    fmt_early: str  # format until 2021
    fmt_late: str  # format from 2022 (some portals were redesigned)
    size: float  # how many applications a 街道 gets in a typical year
    style: int = 0  # keeps the body's phrasing stable across years

    @property
    def alias(self) -> str:
        return self.name + ("办事处" if self.level == "subdistrict" else "人民政府")

    @property
    def level_word(self) -> str:
        return LEVEL_WORD[self.level]

    def fmt(self, year: int) -> str:
        return self.fmt_early if year <= 2021 else self.fmt_late


@dataclass
class Filing:
    """One file of the sample: what it says and what parsing it must yield."""

    body: Body
    year: int
    template: str
    fmt: str
    cells: dict[str, float]
    blank: set[str] = field(default_factory=set)
    prose: dict[str, str] = field(default_factory=dict)
    signed: date | None = None  # date under the signature (and the portal's 发布日期)
    encoding: str = "utf-8"
    revision: bool = False  # a corrected re-upload of the same body-year
    defects: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.body.name}政府信息公开工作{self.year}年度报告"

    @property
    def relpath(self) -> str:
        ext = {"txt": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}[self.fmt]
        return f"{COUNTY}/{self.body.name}/{self.year}{'（修订）' if self.revision else ''}.{ext}"


@dataclass
class Defect:
    kind: str
    body: str
    year: int
    note: str


@dataclass
class Sample:
    county: str
    bodies: list[Body]
    years: tuple[int, int]
    seed: int
    filings: list[Filing]  # every file to write, originals before their revisions
    defects: list[Defect]
