"""Legacy Word (.doc), WPS (.wps) and RTF (issue 12): converted by LibreOffice headless and read
like the DOCX they came from; no LibreOffice, a file it cannot open and a conversion that hangs
each get one clear line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lib.errors import GongkaiError, ReadError
from lib.parse import parse_file
from lib.read import detect_format, read_document
from lib.read.legacy import soffice

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "sample" / "示例县" / "临江镇" / "2023.docx"
REAL_DOCX_FROM = ROOT / "tests" / "fixtures" / "reports" / "shuyang-fgj-2023.html"


def _require_soffice():
    if soffice() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs it")
        pytest.skip("LibreOffice is not installed")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """The sample DOCX saved by LibreOffice as Word 97-2003 and as RTF (what offices send)."""
    _require_soffice()
    out = tmp_path_factory.mktemp("lo")
    for fmt in ("doc", "rtf"):
        subprocess.run([soffice(), "--headless", "--norestore",
                        f"-env:UserInstallation={(out / 'profile').as_uri()}",
                        "--convert-to", fmt, "--outdir", str(out), str(SOURCE)],
                       check=True, capture_output=True, timeout=180)  # fmt: skip
    return out


@pytest.mark.parametrize("name, fmt", [("2023.doc", "doc"), ("2023.rtf", "rtf"),
                                       ("2023.wps", "doc")])  # fmt: skip
def test_legacy_files_read_like_the_docx(converted, name, fmt):
    src = converted / name
    if name.endswith(".wps"):  # WPS saves in the Word 97-2003 format under its own name
        shutil.copy(converted / "2023.doc", src)
    want = parse_file(SOURCE)
    assert detect_format(src.read_bytes(), name) == ("rtf" if fmt == "rtf" else "ole")
    rep = parse_file(src)
    assert rep.format == fmt
    assert (rep.body, rep.year, rep.template) == (want.body, want.year, want.template)
    assert rep.cells == want.cells and rep.blank == want.blank


def test_damaged_and_foreign_office_files(converted):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    with pytest.raises(
        ReadError, match="without a Word document in it"
    ) as e:  # e.g. an .xls named .doc
        read_document(None, data=ole + os.urandom(4000), name="sheet.doc")
    assert str(e.value).startswith("sheet.doc: ") and "\n" not in str(e.value)
    # a Word file cut short: LibreOffice cannot make a report of it, and says so in one line
    cut = (converted / "2023.doc").read_bytes()[:6000]
    with pytest.raises(GongkaiError) as e:
        parse_file(None, data=cut, name="cut.doc")
    assert str(e.value).startswith("cut.doc: ") and "\n" not in str(e.value)


def test_a_conversion_that_hangs_is_stopped(tmp_path, monkeypatch):
    hang = tmp_path / "soffice"
    hang.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(60)\n")
    hang.chmod(0o755)
    monkeypatch.setenv("GONGKAI_SOFFICE", str(hang))
    monkeypatch.setenv("GONGKAI_SOFFICE_TIMEOUT", "2")
    with pytest.raises(ReadError, match="did not finish converting it within 2 s"):
        read_document(None, data=b"{\\rtf1\\ansi hello}", name="slow.rtf")


def test_without_libreoffice_the_message_names_the_package(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("GONGKAI_SOFFICE", raising=False)
    with pytest.raises(ReadError, match="apt-get install libreoffice-writer-nogui"):
        read_document(None, data=b"{\\rtf1\\ansi hello}", name="r.rtf")


def test_a_file_read_again_is_not_converted_again(converted, monkeypatch):
    # the upload page reads each file twice (preview, then load): LibreOffice runs once
    from lib.read import legacy

    calls: list[str] = []
    real = legacy.convert
    monkeypatch.setattr(legacy, "convert", lambda *a: calls.append(a[1]) or real(*a))
    legacy.CONVERTED.clear()
    data = (converted / "2023.doc").read_bytes()
    first = parse_file(None, data=data, name="a.doc")
    again = parse_file(None, data=data, name="b.doc")
    assert calls == ["doc"] and again.file == "b.doc"
    assert again.cells == first.cells == parse_file(SOURCE).cells
    parse_file(None, data=(converted / "2023.rtf").read_bytes(), name="c.rtf")
    assert calls == ["doc", "rtf"]  # other bytes are converted
