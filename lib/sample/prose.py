"""Prose of the sample reports (sections 一, 五, 六): varied per body, counts matching the tables.

A body keeps its phrasing from year to year (as real bodies do); sentences are drawn from pools
so that two different bodies share only some boilerplate, unlike the planted near-copy.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lib.sample.records import Body

_OPENERS = (
    "{y}年，{b}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息"
    "公开条例》（以下简称《条例》），紧紧围绕{focus}中心工作，扎实推进政务公开，{scope}政府信息公开"
    "工作平稳有序。",
    "{y}年，{b}{party}高度重视政府信息公开工作，严格按照县政务公开办的统一部署，进一步健全工作机制，"
    "推动政务公开工作制度化、规范化、标准化。",
    "本年度，{b}认真落实上级关于全面推进政务公开工作的各项要求，以群众关注关切为导向，不断拓宽公开"
    "渠道、丰富公开内容，{scope}政府信息公开质量稳步提升。",
    "{y}年，在县委、县政府的坚强领导下，{b}将政务公开作为建设服务型政府的重要抓手，围绕{focus}持续"
    "深化公开内容，切实保障人民群众的知情权、参与权和监督权。",
    "{y}年，{b}以《条例》为遵循，把政府信息公开工作纳入年度重点工作统筹推进，明确党政办公室具体负责，"
    "{units}密切配合，形成了主要领导亲自抓、分管领导具体抓的工作格局。",
    "现将{b}{y}年度政府信息公开工作情况报告如下。本年度，{b}紧扣{focus}，坚持“公开为常态、不公开为"
    "例外”，依法依规做好政府信息公开工作。",
)
_PROACTIVE = (
    "（一）主动公开情况。全年通过示例县人民政府门户网站、政务公开栏、微信公众号等渠道主动公开政府"
    "信息{n}条，其中{c1}{a}条、{c2}{c}条。",
    "（一）主动公开政府信息。围绕{c1}、{c2}、{c3}等重点领域，全年主动公开各类政府信息{n}条，更新"
    "政务公开栏{m}期。",
    "（一）主动公开。{y}年在县政府门户网站{b}专栏发布信息{n}条，及时公开{c1}、{c2}等群众关心的事项，"
    "做到应公开尽公开。",
    "（一）主动公开工作。全年累计公开政府信息{n}条，重点公开{c1}和{c2}信息，同步在{units}公开栏张贴"
    "公示{m}次。",
)
_MANAGE = (
    "（三）政府信息管理。严格执行信息发布审核制度，坚持“先审后发”，全年未发生因信息公开引发的泄密事件。",
    "（三）平台建设。依托县政府门户网站专栏，及时更新机构职能、财政预决算、惠民补贴等信息，确保公开"
    "内容准确、完整。",
    "（三）监督保障。将政务公开工作纳入年度目标考核，定期开展自查，对发现的问题及时整改到位。",
    "（三）制度建设。修订完善政府信息公开保密审查、依申请公开办理等制度，明确各环节责任人和办理时限。",
    "（三）队伍建设。配齐配强政务公开工作人员，全年组织业务培训{m}次，工作人员业务水平不断提高。",
)
_PROBLEMS = (
    "政务公开工作人员多为兼职，业务能力有待提升",
    "主动公开的深度和广度还不够，政策解读形式较为单一",
    "部分{sub}对信息公开工作重视程度不够，信息报送不够及时",
    "公开内容更新不够及时，部分栏目信息更新滞后",
    "依申请公开办理流程还需进一步规范，答复文书不够严谨",
    "{b}部分{board}内容更新不及时，群众查阅不便",
    "公众参与渠道有限，对群众关切的回应不够充分",
    "信息公开考核机制不够健全，督促检查力度不足",
)
_MEASURES = (
    "加强对{scope}政务公开工作人员的业务培训，提升依法公开能力",
    "丰富政策解读形式，更多采用图解、视频等群众喜闻乐见的方式",
    "健全信息发布审核机制，确保公开信息及时、准确、规范",
    "规范依申请公开办理程序，严格按照法定时限答复申请人",
    "加强{board}规范化建设，定期更新公开内容",
    "强化监督考核，将政务公开纳入年度考核内容",
    "拓宽公众参与渠道，及时回应社会关切",
    "推进基层政务公开标准化规范化，完善公开事项目录",
)
_S6 = (
    "无。",
    "本年度未收取信息处理费。",
    "{y}年度，{b}政府信息公开工作未发生收费情况。",
    "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。无其他需要报告的事项。",
    "本年度无其他需要报告的事项。",
)
_FOCUS = {
    "rural": ("乡村振兴", "人居环境整治", "农业产业发展", "安全生产", "民生保障"),
    "urban": ("城市更新", "社区治理", "老旧小区改造", "民生保障", "营商环境"),
}
_CATS = ("财政预决算", "惠民补贴", "乡村振兴", "安全生产", "人事任免", "政策解读", "社会救助")
_CATS += ("工作动态", "重大建设项目", "征地补偿")
_ORD = "一二三四五"
_SWAPS = (
    ("扎实推进", "切实推进"),
    ("进一步", "持续"),
    ("稳步提升", "不断提高"),
    ("及时", "按时"),
    ("不断", "持续"),
    ("严格", "认真"),
)


def _words(body: Body, wrong_level: bool = False) -> dict[str, str]:
    urban = body.level == "subdistrict"
    scope = "全" + ("镇" if wrong_level else body.level_word)
    return {
        "b": body.name,
        "scope": scope,
        "party": "党工委、办事处" if urban else "党委、政府",
        "units": "各科室、各社区" if urban else "各站所、各村",
        "sub": "科室、社区" if urban else "站所、村",
        "board": "社区公开栏" if urban else "村务公开栏",
    }


def _request(y: int, b: str, cells: dict[str, float], variant: int) -> str:
    def v(row: str) -> int:
        return int(cells[f"s3.{row}.total"])

    def group(prefix: str) -> int:
        return int(
            sum(
                x for k, x in cells.items() if k.startswith(f"s3.{prefix}") and k.endswith(".total")
            )
        )

    new, co, cf = v("new"), v("carried_over"), v("carried_forward")
    if new == 0 and co == 0:
        if variant % 2:
            return f"（二）依申请公开情况。{y}年，{b}未收到政府信息公开申请，无上年结转申请。"
        return "（二）依申请公开情况。本年度共收到政府信息公开申请0件。"
    handled = v("handled_total")
    text = f"（二）依申请公开情况。{y}年，{b}共收到政府信息公开申请{new}件"
    if co:
        text += f"，上年结转{co}件"
    parts = [
        ("予以公开", v("granted")),
        ("部分公开", v("partial")),
        ("不予公开", group("withheld_")),
        ("因本机关不掌握相关政府信息无法提供", v("unable_not_held")),
        ("因其他原因无法提供", v("unable_needs_creation") + v("unable_unclear")),
        ("不予处理", group("refused_")),
        ("其他处理", v("other")),
    ]
    text += f"，办结{handled}件"
    listed = "、".join(f"{label}{n}件" for label, n in parts if n)
    text += f"，其中{listed}。" if listed and handled else "。"
    if cf:
        text += f"结转下年度继续办理{cf}件。"
    return text


def _review(cells: dict[str, float], variant: int) -> str:
    r = int(cells["s4.review_total"])
    s = int(cells["s4.suit_direct_total"] + cells["s4.suit_after_total"])
    if r == 0 and s == 0:
        return (
            "（四）行政复议和行政诉讼情况。全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
            if variant % 2
            else "（四）监督和救济情况。本年度未发生政府信息公开方面的行政复议和行政诉讼。"
        )
    text = f"（四）行政复议和行政诉讼情况。全年因政府信息公开被申请行政复议{r}件"
    return text + (f"，被提起行政诉讼{s}件。" if s else "，未发生行政诉讼。")


def make_prose(
    rng: random.Random,
    body: Body,
    year: int,
    cells: dict[str, float],
    *,
    mention_body: bool = False,
    wrong_level: bool = False,
) -> dict[str, str]:
    """Sections 一, 五, 六; the body's `style` keeps its phrasing stable across years."""
    w = _words(body)
    pick = random.Random(body.style)  # seeded from the sample's rng: deterministic
    focus = _FOCUS["urban" if body.level == "subdistrict" else "rural"]
    cats = rng.sample(_CATS, 3)
    n = rng.randint(40, 260)
    a = rng.randint(5, n // 3)
    fill = w | {
        "y": str(year),
        "focus": pick.choice(focus),
        "c1": cats[0],
        "c2": cats[1],
        "c3": cats[2],
        "n": str(n),
        "a": str(a),
        "c": str(rng.randint(1, n - a)),
        "m": str(rng.randint(4, 24)),
    }
    variant = pick.randrange(4)
    s1 = [
        pick.choice(_OPENERS).format(**fill),
        pick.choice(_PROACTIVE).format(**fill),
        _request(year, body.name, cells, variant),
        rng.choice(_MANAGE).format(**fill),
        _review(cells, variant),
    ]
    problems = pick.sample(range(len(_PROBLEMS)), 3)
    if mention_body and 5 not in problems:
        problems[-1] = 5
    problems = problems[: 2 + rng.randrange(2)] if not mention_body else problems
    measures = rng.sample(range(len(_MEASURES)), 3)
    if wrong_level and 0 not in measures:
        measures[0] = 0
    bad = _words(body, wrong_level=True) if wrong_level else w
    s5 = [
        "（一）存在的主要问题",
        "".join(f"{_ORD[i]}是{_PROBLEMS[p].format(**w)}。" for i, p in enumerate(problems)),
        "（二）改进情况",
        "".join(
            f"{_ORD[i]}是{_MEASURES[p].format(**(bad if p == 0 else w))}。"
            for i, p in enumerate(measures)
        ),
    ]
    s6 = rng.choice(_S6).format(**fill)
    return {"s1": "\n".join(s1), "s5": "\n".join(s5), "s6": s6}


def copy_prose(
    rng: random.Random, src: dict[str, str], src_name: str, dst_name: str
) -> dict[str, str]:
    """A near copy of another body's sections: names replaced except once, a few words changed."""
    out = {}
    for key, text in src.items():
        if key == "s5" and src_name in text:  # the slip: the source body's name left in once
            i = text.index(src_name) + len(src_name)
            text = text[:i] + text[i:].replace(src_name, dst_name)
        else:
            text = text.replace(src_name, dst_name)
        out[key] = text
    swaps = [s for s in _SWAPS if s[0] in out["s1"] + out["s5"]]
    for old, new in rng.sample(swaps, min(3, len(swaps))):
        for key in ("s1", "s5"):
            if old in out[key]:
                out[key] = out[key].replace(old, new, 1)
                break
    return out
