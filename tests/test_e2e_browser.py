"""End to end: `streamlit run dashboard.py` on a free port, every page in headless Chromium.

Checks no page shows an exception or an error box, key numbers are visible (equal to
lib.analytics on the same warehouse), a deep link opens a township, a user logs in and
uploads a report that then appears on the overview, a township links to its 年度对照 with the
database's count of changed numbers, a CSV download equals the database, the
county 通报 downloads as Word with the database's numbers, and a signed-in supervisor records a
整改 status that the database keeps with the user's name, corrects a misread number (kept with
the value as read) and takes it back, and makes an earlier revision current again.
A screenshot of every page goes to $GONGKAI_SCREENSHOTS (default artifacts/screenshots).

In CI (CI=true) this test must run: a missing Chromium or Playwright fails it; locally it is
skipped with the reason.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from docx import Document

from lib import analytics, auth, export
from lib.analytics import queries
from lib.i18n import fmt_int
from lib.store import read_df
from lib.template import S2

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAGES = (
    "overview",
    "compare",
    "trends",
    "township",
    "contrast",
    "quality",
    "rectify",
    "copied",
    "export",
    "upload",
)
UPLOAD_SOURCE = ROOT / "data" / "sample" / "示例县" / "柳溪镇" / "2025.txt"

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]


def _require(ok: bool, why: str) -> None:
    if ok:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test required in CI: {why}")
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser_ready() -> None:
    _require(Path(CHROMIUM).exists(), f"{CHROMIUM} not found")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require(False, "playwright is not installed")


@contextlib.contextmanager
def _serve(db: Path, tmp_path: Path, secrets: Path):
    """`streamlit run dashboard.py` on a free port over `db`; yields its URL."""
    port = _free_port()
    env = {**os.environ, "GONGKAI_DB": str(db), "GONGKAI_SECRETS": str(secrets)}
    log_path = tmp_path / f"streamlit-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log_path.read_text())
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def server(sample_db, tmp_path):
    _browser_ready()
    db = tmp_path / "e2e.duckdb"
    shutil.copy(sample_db, db)
    secrets = tmp_path / "secrets.toml"
    auth.add_user(secrets, "e2e", "e2e-password-1")
    with _serve(db, tmp_path, secrets) as url:
        yield url, db


def _ready(page, title: str) -> None:
    """Wait for the page title, then for Streamlit to finish running the script."""
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    # charts draw after the script finished: wait until every chart holds its canvas
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                 .every(e => e.querySelector('canvas, svg'))""",
        timeout=60_000,
    )
    page.wait_for_timeout(500)


def _assert_no_errors(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, where
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, f"{where}: {errors.all_inner_texts()}"


_HEIGHT_JS = """() => Math.max(document.body.scrollHeight,
    ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMain"] > div')]
      .map(e => e.scrollHeight))"""


def _shot(page, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the
    viewport is grown to the content's height first (until the height stops changing)."""
    height = 1000
    for _ in range(4):
        want = min(max(int(page.evaluate(_HEIGHT_JS)) + 80, 1000), 6000)
        if want <= height:
            break
        height = want
        page.set_viewport_size({"width": 1400, "height": height})
        page.wait_for_timeout(700)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def _metrics(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]


SQL_CELLS = (
    "SELECT c.key, c.value FROM cells c JOIN reports r USING (report_id) "
    "JOIN bodies b ON b.body_id = r.body_id WHERE r.current AND b.name = ? AND r.year = ?"
)


def _sql_new_values(db, county, year) -> list[float]:
    got = read_df(db, "SELECT value FROM report_cells WHERE county = ? AND year = ? "
                      "AND key = 's3.new.total'", [county, year])  # fmt: skip
    return [float(v) for v in got["value"]]


def test_every_page_in_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, db = server
    shots = Path(os.environ.get("GONGKAI_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    rl = queries.report_list(str(db))
    county = rl["county"].iloc[0]
    years = (int(rl["year"].min()), int(rl["year"].max()))
    mt = analytics.metric_table(str(db), {"county": county, "years": years})
    tot = analytics.county_totals(mt, "new", by=("year",)).set_index("year")["value"]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        titles = {"overview": "总览", "compare": "乡镇对比", "trends": "趋势",
                  "township": "乡镇详情", "quality": "数据质量", "export": "导出",
                  "upload": "导入", "copied": "报告雷同", "rectify": "整改跟踪",
                  "contrast": "年度对照"}  # fmt: skip

        # every page renders without an error; key numbers visible
        for name in PAGES:
            if not (ROOT / "pages" / f"{name}.py").exists():
                continue  # a page another part of the project adds later
            page.goto(url + ("/" if name == "overview" else f"/{name}"))
            _ready(page, titles[name])
            _assert_no_errors(page, name)
            if name == "overview":
                assert fmt_int(tot[years[1]]) in _metrics(page)
                assert page.get_by_text("虚构的示例数据").count() >= 1
            _shot(page, shots / f"{name}.png")

        # the language switch turns the sidebar menu at once (no second click)
        page.goto(url + "/")
        _ready(page, titles["overview"])
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text("乡镇对比").count() == 1
        page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        page.get_by_role("heading", name="Overview").first.wait_for(timeout=30_000)
        nav.get_by_text("Compare", exact=True).wait_for(timeout=10_000)
        assert nav.get_by_text("乡镇对比").count() == 0

        # a deep link to a township (one whose report breaks R1) shows that body's numbers
        found = queries.findings(str(db))
        r1 = found[found["rule"] == "R1"].iloc[0]
        body, year = r1["body"], int(r1["year"])
        page.goto(url + "/township?" + urlencode({"body": body, "year": year}))
        _ready(page, titles["township"])
        _assert_no_errors(page, "township deep link")
        row = mt[(mt["body"] == body) & (mt["year"] == year)].iloc[0]
        assert fmt_int(row["new"]) in _metrics(page)
        assert page.get_by_text(body).count() >= 1
        assert page.get_by_text(r1["message_zh"]).count() >= 1  # the finding, explained
        _shot(page, shots / "township-deep-link.png")
        # clicking a number in the re-rendered report shows where it was read
        cells = queries.report_cells(
            str(db), {"bodies": (body,), "years": (year, year)}, keys=["s3.new.total"]
        )
        where = cells["provenance"].iloc[0]
        tpl = str(rl[(rl["body"] == body) & (rl["year"] == year)]["template"].iloc[0])
        # on the page: the metrics per year, one table per section-II item, then section III
        grid = page.locator('[data-testid="stDataFrame"]').nth(1 + len(S2[tpl]))
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 30, box["y"] + 35 + 17)
        page.get_by_text("读取位置").first.wait_for(timeout=30_000)
        assert where in page.get_by_text("读取位置").first.inner_text()

        # 对照: the township's link opens the two years side by side; the count of changed
        # numbers and the sentence marks are the database's
        page.get_by_role("link", name="与上一年度对照").click()
        _ready(page, titles["contrast"])
        _assert_no_errors(page, "contrast")
        mine = sorted(int(y) for y in rl[rl["body"] == body]["year"])
        ya, yb = (mine[mine.index(year) - 1], year) if year != mine[0] else (year, mine[1])
        assert f"a={ya}" in page.url and f"b={yb}" in page.url
        va, vb = (
            {k: None if v != v else v for k, v in read_df(db, SQL_CELLS, [body, y]).values}
            for y in (ya, yb)
        )  # fmt: skip  (NULL → None: a blank is not a number)
        changed = sum(va.get(k) != vb.get(k) for k in set(va) | set(vb))
        page.get_by_text(f"{changed} 项数字有变化").first.wait_for(timeout=30_000)
        assert page.locator("[data-status]").count() > 0
        _shot(page, shots / "contrast.png")

        # filters survive a page switch through the sidebar and stay in the URL
        page.goto(url + "/?" + urlencode({"from": 2021, "to": 2023}))
        _ready(page, titles["overview"])
        page.locator('[data-testid="stSidebarNav"]').get_by_text(titles["trends"]).click()
        _ready(page, titles["trends"])
        page.wait_for_function("() => location.search.includes('from=2021')", timeout=30_000)
        assert "to=2023" in page.url
        # the overview's body links open the drill-down with the filters passed along
        page.goto(url + "/?" + urlencode({"from": 2021, "to": 2023}))
        _ready(page, titles["overview"])
        page.get_by_role("link", name=body).first.click()
        _ready(page, titles["township"])
        page.wait_for_function("() => location.pathname.endsWith('/township')", timeout=30_000)
        assert "from=2021" in page.url and "body=" in page.url
        _assert_no_errors(page, "township from the overview link")

        # a CSV download equals the database
        page.goto(url + "/export")
        _ready(page, titles["export"])
        with page.expect_download(timeout=60_000) as dl:
            page.get_by_role("button", name="gongkai-cells.csv").click()
        raw = Path(dl.value.path()).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        cells = export.extract(str(db), "cells", county, None, years, "zh")
        assert len(rows) == len(cells)
        assert sum(float(r["数值"]) for r in rows) == pytest.approx(float(cells["数值"].sum()))
        want = queries.report_cells(str(db), {"county": county})
        assert float(want["value"].sum()) == pytest.approx(sum(float(r["数值"]) for r in rows))

        # the county 通报 for the latest year, downloaded as Word: its numbers are the database's
        with page.expect_download(timeout=120_000) as dl:
            page.get_by_role("button", name="下载通报（Word）").click()
        doc = Document(dl.value.path())
        text = "\n".join(p.text for p in doc.paragraphs)
        last = years[1]
        n_bodies = len(queries.bodies(str(db), {"county": county}))
        n_filed = len(rl[(rl["county"] == county) & (rl["year"] == last)])
        assert f"已报送{n_filed}家（{n_filed}/{n_bodies} 报送）" in text
        new_total = sum(_sql_new_values(db, county, last))
        assert f"全县本年新收政府信息公开申请{fmt_int(new_total)}件" in text

        # a signed-in supervisor marks an issue fixed on the 整改 page; the database keeps who
        page.goto(url + "/rectify?" + urlencode({"r_body": body}))
        _ready(page, titles["rectify"])
        page.get_by_label("用户名").fill("e2e")
        page.get_by_label("密码").fill("e2e-password-1")
        page.get_by_role("button", name="登录").click()
        pick = page.locator('[data-testid="stMultiSelect"]').filter(has_text="选择问题")
        pick.wait_for(timeout=30_000)
        pick.locator("input").click()
        page.get_by_role("option").filter(has_text=f"{body} {year}").first.click()
        page.keyboard.press("Escape")
        page.locator('[data-testid="stRadio"]').get_by_text("已整改").click()
        page.get_by_label("说明（不予整改须写明理由）").fill("浏览器登记")
        page.get_by_role("button", name="登记", exact=True).click()
        page.get_by_text("已登记 1 条").first.wait_for(timeout=60_000)
        _assert_no_errors(page, "rectify")
        _shot(page, shots / "rectify-recorded.png")
        acts = read_df(db, "SELECT b.name, a.year, a.status, a.note, a.user_name FROM actions a "
                           "JOIN bodies b USING (body_id)")  # fmt: skip
        assert acts.values.tolist() == [[body, year, "fixed", "浏览器登记", "e2e"]]

        # log in, upload a report, see it on the overview
        page.goto(url + "/upload")
        _ready(page, titles["upload"])
        page.get_by_label("用户名").fill("e2e")
        page.get_by_label("密码").fill("e2e-password-1")
        page.get_by_role("button", name="登录").click()
        page.locator('input[type="file"]').wait_for(state="attached", timeout=30_000)
        text = UPLOAD_SOURCE.read_text(encoding="utf-8").replace("2026", "2027")
        page.locator('input[type="file"]').set_input_files(
            files=[{"name": "柳溪镇2026.txt", "mimeType": "text/plain",
                    "buffer": text.replace("2025", "2026").encode("utf-8")}]
        )  # fmt: skip
        page.get_by_role("button", name="确认导入").wait_for(timeout=60_000)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("导入完成").first.wait_for(timeout=60_000)
        _assert_no_errors(page, "upload")
        _shot(page, shots / "upload-done.png")
        log = queries.ingest_log(str(db))
        assert "e2e" in set(log.iloc[:, 2])

        page.goto(url + "/")
        _ready(page, titles["overview"])
        _assert_no_errors(page, "overview after upload")
        after = queries.report_list(str(db))
        new_rep = after[(after["body"] == "柳溪镇") & (after["year"] == 2026)]
        assert len(new_rep) == 1
        mt2 = analytics.metric_table(str(db), {"county": county})
        new_2026 = analytics.county_totals(mt2, "new", by=("year",)).set_index("year")["value"]
        assert fmt_int(new_2026[2026]) in _metrics(page)
        assert page.get_by_text("1 / ").count() >= 1  # filed / expected for 2026
        _shot(page, shots / "overview-after-upload.png")

        # a signed-in supervisor corrects a misread number on the township page: the database
        # keeps the value as read with who and why, the page marks the number with its record
        total = queries.report_cells(str(db), {"bodies": (body,), "years": (year, year)},
                                     keys=["s3.new.total"])["value"].iloc[0]  # fmt: skip
        page.goto(
            url + "/township?" + urlencode({"body": body, "year": year, "cell": "s3.new.total"})
        )
        _ready(page, titles["township"])
        section = page.get_by_text("更正数字与恢复版本（需登录）")
        section.click()
        page.get_by_label("用户名").fill("e2e")
        page.get_by_label("密码").fill("e2e-password-1")
        page.get_by_role("button", name="登录").click()
        value = page.get_by_label("正确数值")
        with contextlib.suppress(Exception):
            value.wait_for(timeout=10_000)
        if not value.is_visible():  # the expander closed on the rerun after login
            section.click()
        value.fill(str(int(total) - 1))
        page.get_by_label("理由（原件所示）").first.fill("浏览器核对原件")
        page.get_by_role("button", name="更正", exact=True).click()
        page.get_by_text("规则已重新核对").first.wait_for(timeout=60_000)
        _assert_no_errors(page, "correction")
        fix = read_df(db, "SELECT key, original, value, reason, user_name FROM corrections")
        assert fix.values.tolist() == [["s3.new.total", total, total - 1, "浏览器核对原件", "e2e"]]
        assert page.get_by_text(f"已更正：原识读值 {fmt_int(total)}").count() >= 1
        _shot(page, shots / "township-corrected.png")
        # … and takes it back: the value as read returns, the history keeps both rows
        page.get_by_label("理由（原件所示）").nth(1).fill("浏览器撤销")
        page.get_by_role("button", name="撤销更正（恢复原值）").click()
        page.get_by_text("已撤销").first.wait_for(timeout=60_000)
        kinds = read_df(db, "SELECT kind FROM corrections ORDER BY correction_id")["kind"].tolist()
        assert kinds == ["correct", "undo"]
        back = queries.report_cells(str(db), {"bodies": (body,), "years": (year, year)},
                                    keys=["s3.new.total"])["value"].iloc[0]  # fmt: skip
        assert back == total

        # an earlier revision made current again, by a signed-in supervisor with a reason
        (rev_body, rev_year, now_id, old_id), = read_df(
            db, "SELECT b.name, r.year, r.report_id, o.report_id FROM reports r JOIN reports o "
                "ON o.superseded_by = r.report_id JOIN bodies b ON b.body_id = r.body_id "
                "WHERE r.current").values.tolist()  # fmt: skip
        page.goto(url + "/township?" + urlencode({"body": rev_body, "year": rev_year}))
        _ready(page, titles["township"])
        section = page.get_by_text("更正数字与恢复版本（需登录）")
        section.click()
        page.get_by_label("用户名").fill("e2e")
        page.get_by_label("密码").fill("e2e-password-1")
        page.get_by_role("button", name="登录").click()
        restore = page.get_by_role("button", name="设为当前版本")
        with contextlib.suppress(Exception):
            restore.wait_for(timeout=10_000)
        if not restore.is_visible():
            section.click()
        page.get_by_label("理由（原件所示）").nth(1).fill("修订版未经审核")
        restore.click()
        page.get_by_text("已恢复为当前版本").first.wait_for(timeout=60_000)
        _assert_no_errors(page, "revision made current")
        cur = read_df(db, "SELECT report_id FROM reports r JOIN bodies b USING (body_id) "
                          "WHERE r.current AND b.name = ? AND r.year = ?", [rev_body, rev_year])  # fmt: skip
        assert cur["report_id"].tolist() == [old_id]
        log = read_df(
            db, "SELECT user_name, report_id FROM ingest_log WHERE result = 'made_current'"
        )
        assert log.values.tolist() == [["e2e", old_id]] and now_id != old_id
        browser.close()


def test_a_shared_link_opened_first_after_a_start_gets_the_menu(server):
    """The first request after the server starts is a link to a township (a supervisor opens a
    link a colleague sent). Streamlit would run that page by its older pages/-folder mode: a
    menu of file names ("dashboard", "rectify"…) and no page config, for every session until
    someone opened "/". The page must come through st.navigation, with the link's body/year."""
    from playwright.sync_api import sync_playwright

    from lib.i18n import t

    url, db = server
    rl = queries.report_list(str(db))
    body, year = rl["body"].iloc[0], int(rl["year"].max())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/township?" + urlencode({"body": body, "year": year}))
        _ready(page, "乡镇详情")
        _assert_no_errors(page, "first link")
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text("乡镇对比").count() == 1 and nav.get_by_text("整改跟踪").count() == 1
        assert nav.get_by_text("rectify", exact=True).count() == 0  # the file-name menu
        assert page.title() == t("app.page_title", "zh")
        assert "body=" in page.url and f"year={year}" in page.url
        assert page.get_by_text(body).count() >= 1
        browser.close()


def test_hostile_names_stay_text_in_chromium(hostile_db, tmp_path):
    """Names carrying Markdown links, images and directives are shown as the text they are: no
    link or image to the outside host on any page, and no request leaves for it. Tables offer
    no CSV download of their own (it would hand =HYPERLINK(…) to Excel as a formula)."""
    from playwright.sync_api import sync_playwright

    from tests.dbfixture import EVIL_HOST, HOSTILE_BODY

    _browser_ready()
    db = tmp_path / "hostile.duckdb"
    shutil.copy(hostile_db, db)
    with _serve(db, tmp_path, tmp_path / "none.toml") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url)
                if urlparse(r.url).hostname == EVIL_HOST else None)  # fmt: skip
        visits = [("/", "总览"), ("/copied", "报告雷同"), ("/quality", "数据质量"),
                  ("/township?" + urlencode({"body": HOSTILE_BODY, "year": 2021}), "乡镇详情")]  # fmt: skip
        for path, title in visits:
            page.goto(url + path)
            _ready(page, title)
            _assert_no_errors(page, path)
            links = page.locator(f'a[href*="//{EVIL_HOST}"], a[href^="javascript"]')
            assert links.count() == 0, (path, links.all_inner_texts())
            assert page.locator(f'img[src*="{EVIL_HOST}"]').count() == 0, path
        # the name itself is visible, literally (here on the township page it is drilled into)
        assert page.get_by_text("[点此登录](").count() >= 1
        # a table's toolbar offers no download of its own
        page.goto(url + "/quality")
        _ready(page, "数据质量")
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.hover()
        page.wait_for_timeout(500)
        toolbar = page.locator('[data-testid="stElementToolbar"]').first
        assert toolbar.count() == 1  # the toolbar is there (search, fullscreen) …
        assert toolbar.get_by_role("button", name=re.compile("下载|Download")).count() == 0
        assert outside == []
        browser.close()
