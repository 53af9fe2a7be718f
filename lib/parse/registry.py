"""The body registry: which administrative bodies exist, in which county, at which level.

A registry comes from `bodies.csv` (name, county, level, aliases, population) and/or from the
bodies already in the warehouse. Names are compared after `normalise_body` (suffixes such as
人民政府 and 办事处 stripped), so 九间楼乡人民政府 and 九间楼乡 are one body. A name the registry
does not know is not an error: it resolves to an unassigned body.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lib.errors import GongkaiError
from lib.parse.meta import full_width_brackets

LEVELS = ("township", "town", "subdistrict", "county_dept", "government", "other")
LEVEL_ZH = {
    "township": "乡",
    "town": "镇",
    "subdistrict": "街道",
    "county_dept": "县直部门",
    "government": "政府",
    "other": "其他",
}
# Chinese spellings a bodies.csv may use for the level column.
_LEVEL_ALIASES = {
    "乡": "township",
    "民族乡": "township",
    "镇": "town",
    "街道": "subdistrict",
    "街道办事处": "subdistrict",
    "县直部门": "county_dept",
    "部门": "county_dept",
    "county department": "county_dept",
    "政府": "government",
    "县政府": "government",
    "其他": "other",
}
# Longest first: 人民政府 before 政府.
_SUFFIXES = ("人民政府办事处", "人民政府", "政府", "办事处")
_SPACE = re.compile(r"[\s\u3000]+")
_DEPT_ENDINGS = (
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "中心",
    "厅",
    "院",
    "所",
    "队",
    "站",
    "处",
    "会",
    "部",
    "署",
)
_GOV_ENDINGS = ("县", "区", "市", "旗", "州", "盟", "省", "自治区")
COUNTY_ENDINGS = ("县", "区", "市", "旗")


def normalise_body(name: str) -> str:
    """The comparable form of a body name: no whitespace, a bracketed Chinese part in
    full-width brackets, no 人民政府/政府/办事处 suffix."""
    n = full_width_brackets(_SPACE.sub("", name or ""))
    changed = True
    while changed:
        changed = False
        for s in _SUFFIXES:
            if n.endswith(s) and len(n) > len(s):
                n = n[: -len(s)]
                changed = True
    return n


_LEVEL_WORDS = frozenset(
    (*_LEVEL_ALIASES, *_SUFFIXES, *_DEPT_ENDINGS, *_GOV_ENDINGS, "人民", "街道办")
)
_NOT_NAME = re.compile(r"[\s\u3000\W_]+")


def names_no_body(name: str) -> bool:
    """True when `name`, without spaces and punctuation, is only a level or office word (镇,
    街道, 人民政府, 局 …) or a single character: such a name (e.g. what is left of a title
    whose markup was stripped) would merge every body that writes it."""
    n = normalise_body(_NOT_NAME.sub("", name or ""))
    return len(n) < 2 or n in _LEVEL_WORDS


def level_of(name: str) -> str:
    """Level code from the name's ending: 街道 → subdistrict, 乡 → township, 镇 → town, …"""
    raw = _SPACE.sub("", name or "")
    n = normalise_body(raw)
    if n.endswith("街道"):
        return "subdistrict"
    if n.endswith("乡"):
        return "township"
    if n.endswith("镇"):
        return "town"
    if n.endswith(_DEPT_ENDINGS):
        return "county_dept"
    if n.endswith(_GOV_ENDINGS):
        return "government"
    return "other"


def parse_level(text: str | None, name: str) -> str:
    """A level as written in bodies.csv (code or Chinese); empty → derived from the name."""
    t = (text or "").strip()
    if not t:
        return level_of(name)
    if t in LEVELS:
        return t
    if t in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[t]
    if t.lower() in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[t.lower()]
    raise ValueError(f"unknown level {t!r}")


@dataclass(frozen=True)
class BodyInfo:
    name: str
    county: str | None
    level: str
    population: int | None = None
    assigned: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Registry:
    bodies: list[BodyInfo] = field(default_factory=list)
    # normalised name or alias → indexes into bodies (one name can exist in several counties)
    _index: dict[str, list[int]] = field(default_factory=dict)

    def add(self, info: BodyInfo) -> None:
        self.__dict__.pop("_names", None)
        i = len(self.bodies)
        self.bodies.append(info)
        for n in {normalise_body(info.name), *(normalise_body(a) for a in info.aliases)}:
            if n:
                self._index.setdefault(n, []).append(i)

    @classmethod
    def from_rows(cls, rows) -> Registry:
        reg = cls()
        for b in rows:
            reg.add(b)
        return reg

    @classmethod
    def load(cls, csv_path: str | Path) -> Registry:
        """Read bodies.csv (UTF-8, with or without BOM). Raises GongkaiError naming the line."""
        path = Path(csv_path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as e:
            raise GongkaiError(str(path), f"cannot read registry: {e.strerror or e}") from None
        except UnicodeDecodeError:
            raise GongkaiError(str(path), "registry is not UTF-8 text") from None
        return cls.from_csv_text(text, str(path))

    @classmethod
    def from_csv_text(cls, text: str, file: str = "bodies.csv") -> Registry:
        reader = csv.DictReader(io.StringIO(text))
        cols = {c.strip().lower() for c in (reader.fieldnames or [])}
        if "name" not in cols:
            raise GongkaiError(file, "registry needs a 'name' column (name,county,level,…)")
        reg = cls()
        for lineno, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            name = row.get("name", "")
            if not name:
                continue
            try:
                level = parse_level(row.get("level"), name)
                pop_text = row.get("population", "").replace(",", "")
                population = int(float(pop_text)) if pop_text else None
            except ValueError as e:
                raise GongkaiError(file, f"line {lineno}: {e}") from None
            aliases = tuple(a.strip() for a in re.split(r"[;|；]", row.get("aliases", "")))
            reg.add(
                BodyInfo(
                    name=normalise_body(name),
                    county=row.get("county") or None,
                    level=level,
                    population=population,
                    assigned=True,
                    aliases=tuple(a for a in aliases if a),
                )
            )
        return reg

    def names(self, county: str | None = None) -> frozenset[str]:
        """Known names and aliases (normalised), of one county or of all: for wrong-name
        checks in prose. Cached: asked once per report."""
        cache = self.__dict__.setdefault("_names", {})
        if county not in cache:
            if county is None:
                cache[None] = frozenset(self._index)
            else:
                cache[county] = frozenset(
                    normalise_body(n)
                    for b in self.bodies
                    if b.county == county
                    for n in (b.name, *b.aliases)
                )
        return cache[county]

    def resolve(self, name: str, county_hint: str | None = None) -> BodyInfo:
        """The registry's body for `name`, or an unassigned body built from the name itself."""
        n = normalise_body(name)
        hits = [self.bodies[i] for i in self._index.get(n, [])]
        if county_hint:
            # "示例县九间楼乡" written with its county in front
            if not hits and n.startswith(county_hint) and len(n) > len(county_hint):
                return self.resolve(n[len(county_hint) :], county_hint)
            # a name such as 城关镇 exists in many counties: never take another county's body
            in_county = [b for b in hits if b.county == county_hint]
            hits = in_county or [b for b in hits if b.county is None]
        assigned = [b for b in hits if b.assigned]
        if len(assigned) == 1:
            return assigned[0]
        if len(hits) == 1 and (hits[0].county == county_hint or not county_hint):
            return hits[0]
        return BodyInfo(name=n, county=county_hint or None, level=level_of(name), assigned=False)


def county_from_path(parts: tuple[str, ...]) -> str | None:
    """Folder layout `<county>/…`: the nearest folder whose name ends like a county (县/区/市/旗)."""
    for p in reversed(parts):
        p = p.strip()
        if len(p) >= 2 and p.endswith(COUNTY_ENDINGS) and not p.isascii():
            return p
    return None
