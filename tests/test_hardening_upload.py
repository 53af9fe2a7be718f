"""Upload page hardening: a batch is published once (not once per file), a second import
waits with a message instead of hanging silently, and uploaded names never become markup."""

from __future__ import annotations

import shutil
import threading
import time

from lib import auth, store
from lib.analytics import queries
from lib.ingest import ingest_files
from lib.store.files import lock_file, unlock_file
from tests.dbfixture import HOSTILE_BODY, HOSTILE_FILE, REAL_REPORTS
from tests.pages_support import app, assert_clean
from tests.test_hardening_markdown import LINK, _markdown_strings

__all__ = ["app"]


def _reports(n: int) -> list[tuple[str, bytes]]:
    """The real jiujianlou report retitled for `n` bodies, the first one hostile."""
    text = (REAL_REPORTS / "jiujianlou-2020.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    names = [HOSTILE_BODY] + [f"测试{i}镇" for i in range(1, n)]
    return [(f"{HOSTILE_FILE}{i}.txt",
             f"{b}2020年政府信息公开工作年度报告\n{text}".encode())
            for i, b in enumerate(names)]  # fmt: skip


def _login(app, sample_db, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    secrets = tmp_path / "secrets.toml"
    auth.add_user(secrets, "li", "li-password-1")
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(secrets))
    at = app("upload")
    at.text_input(key="login_user").input("li")
    at.text_input(key="login_password").input("li-password-1")
    at.button[0].click().run()
    assert_clean(at)
    return at, db


def test_a_batch_is_published_once_and_names_stay_text(app, sample_db, tmp_path, monkeypatch):
    at, db = _login(app, sample_db, tmp_path, monkeypatch)
    publishes = []
    real = store.Writer.publish
    monkeypatch.setattr(store.Writer, "publish", lambda w: (publishes.append(1), real(w)))
    files = _reports(10)
    at.get("file_uploader")[0].set_value([(n, d, "text/plain") for n, d in files])
    at.run()
    assert_clean(at)
    texts = _markdown_strings(at)
    assert not [s for s in texts if LINK.search(s)], texts
    assert sum(1 for s in at.success if "测试" in s.value) == 9
    before = len(queries.report_list(str(db)))
    at.button(key="up_commit").click().run()
    assert_clean(at)
    assert publishes == [1]  # ten files, one atomic publish
    assert len(queries.report_list(str(db))) == before + 10
    log = queries.ingest_log(str(db))
    assert (log.iloc[:, 2] == "li").sum() == 10
    assert not [s for s in _markdown_strings(at) if LINK.search(s)]


def test_a_second_writer_waits_and_says_so(sample_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    waited = []
    lock = open(db.with_name(db.name + ".lock"), "a+b")  # noqa: SIM115 - held by "another import"
    lock_file(lock)

    def release():
        time.sleep(1.0)
        unlock_file(lock)
        lock.close()

    threading.Thread(target=release).start()
    t0 = time.monotonic()
    summary = ingest_files(_reports(2)[1:], db, user="t", on_wait=lambda: waited.append(1))
    assert waited == [1]  # told once, before blocking
    assert time.monotonic() - t0 >= 0.9  # and did wait for the other import
    assert summary.counts["loaded"] == 1


def test_no_wait_message_when_nobody_writes(sample_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    waited = []
    ingest_files(_reports(2)[1:], db, user="t", on_wait=lambda: waited.append(1))
    assert waited == []
