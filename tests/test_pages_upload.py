"""Upload page (AppTest): login against a real secrets file, preview, commit with the user's
name in the audit log, the new report visible on the overview; a bad file named with its reason.
"""

from __future__ import annotations

import io
import shutil
import zipfile

from lib import auth
from lib.analytics import queries
from lib.i18n import fmt_int
from lib.markup import md_escape
from lib.parse import parse_file
from lib.ui import ROOT
from tests.pages_support import app, assert_clean, metric

__all__ = ["app"]

SOURCE = ROOT / "data" / "sample" / "示例县" / "柳溪镇" / "2025.txt"


def new_year_report() -> tuple[str, bytes]:
    """A real sample report moved one year on (a 2026 filing the warehouse does not hold)."""
    text = SOURCE.read_text(encoding="utf-8")
    text = text.replace("2026", "2027").replace("2025", "2026")
    return "柳溪镇2026年度报告.txt", text.encode("utf-8")


def test_login_required_and_no_users_explained(app):
    at = app("upload")
    assert any("adduser" in w.value for w in at.warning)
    assert not at.get("file_uploader")


def test_login_preview_commit_and_audit(app, sample_db, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    secrets = tmp_path / "secrets.toml"
    auth.add_user(secrets, "wang", "wang-password-1")
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(secrets))
    at = app("upload")
    at.text_input(key="login_user").input("wang")
    at.text_input(key="login_password").input("not-the-password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    at.text_input(key="login_user").input("wang")
    at.text_input(key="login_password").input("wang-password-1")
    at.button[0].click().run()
    assert_clean(at)
    assert any("wang" in c.value for c in at.caption)

    name, data = new_year_report()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # a zip of reports is taken like single files
        z.writestr(name, data)
    at.get("file_uploader")[0].set_value(
        [
            ("reports.zip", buf.getvalue(), "application/zip"),
            ("broken.docx", b"not a docx at all", "application/zip"),
        ]
    )
    at.run()
    ok = [s.value for s in at.success]
    assert any("柳溪镇" in s and "2026" in s for s in ok), ok
    assert any(md_escape("broken.docx") in e.value for e in at.error)  # shown as text
    before = len(queries.report_list(str(db)))
    at.button(key="up_commit").click().run()
    rl = queries.report_list(str(db))
    assert len(rl) == before + 1
    assert ((rl["body"] == "柳溪镇") & (rl["year"] == 2026)).sum() == 1
    log = queries.ingest_log(str(db))
    mine = log[log.iloc[:, 2] == "wang"]
    assert set(mine["result"]) >= {"loaded", "failed"}
    assert any("导入完成" in s.value for s in at.success)

    # the overview of the same session shows the new year without a restart
    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    assert at.selectbox(key="ov_year").options[0] == "2026"
    at.selectbox(key="ov_year").select(2026).run()
    new = parse_file(None, data=data, name=name).cells["s3.new.total"]
    assert metric(at, "本年新收申请").value == fmt_int(new)
    assert metric(at, "已报送 / 应报送").value.startswith("1 / ")
    # and the failed file is listed on the data quality page
    at.switch_page("pages/quality.py").run()
    failed = [d.value for d in at.dataframe if "broken.docx" in d.value.to_string()]
    assert failed


def test_login_everywhere_when_configured(app, tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[gongkai]\nlogin_everywhere = true\n", encoding="utf-8")
    auth.add_user(secrets, "li", "li-password-12")
    monkeypatch.setenv("GONGKAI_SECRETS", str(secrets))
    at = app("overview")
    assert not at.metric and at.text_input(key="login_user")
    at.text_input(key="login_user").input("li")
    at.text_input(key="login_password").input("li-password-12")
    at.button[0].click().run()
    assert_clean(at)
    assert metric(at, "本年新收申请")


def test_preview_names_each_finding_by_its_check_not_its_code(app, tmp_path, monkeypatch):
    # 龙泉镇 2023 breaks R1: the preview said "R1 · …", an internal code (issue 15 item 2)
    from lib.check.catalog import check_of

    secrets = tmp_path / "secrets.toml"
    auth.add_user(secrets, "wang", "wang-password-1")
    monkeypatch.setenv("GONGKAI_SECRETS", str(secrets))
    at = app("upload")
    at.text_input(key="login_user").input("wang")
    at.text_input(key="login_password").input("wang-password-1")
    at.button[0].click().run()
    src = ROOT / "data" / "sample" / "示例县" / "龙泉镇" / "2023.html"
    at.get("file_uploader")[0].set_value([(src.name, src.read_bytes(), "text/html")])
    at.run()
    assert_clean(at)
    rules = [f.rule for f in parse_file(src).findings]
    assert "R1" in rules
    shown = [c.value for c in at.caption if " · " in c.value]
    assert len(shown) == len(rules)
    assert sorted(s.split(" · ")[0] for s in shown) == sorted(
        md_escape(check_of(r).name("zh")) for r in rules
    )
    assert not any(s.startswith("R1") for s in shown)
