"""Legacy Word (.doc), WPS (.wps) and RTF: converted to DOCX by LibreOffice, then read by the
DOCX reader. LibreOffice runs headless with a profile of its own in a temporary folder (so
conversions never share or disturb a desktop profile) and is stopped after TIMEOUT seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lib.document import Document
from lib.errors import ReadError

TIMEOUT = 120  # seconds; LibreOffice converts a report in 2-5 s
INSTALL = ("converting it needs LibreOffice (Debian/Ubuntu: apt-get install "
           "libreoffice-writer-nogui; elsewhere: install LibreOffice and put soffice on PATH)")  # fmt: skip
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of .doc and .wps files
KINDS = {"ole": ("doc", "legacy Word/WPS file (.doc/.wps)"), "rtf": ("rtf", "RTF file")}


def soffice() -> str | None:
    """The LibreOffice program: $GONGKAI_SOFFICE, else soffice/libreoffice on PATH."""
    return (
        os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    )


def read_legacy(data: bytes, file: str, kind: str) -> Document:
    """`kind`: "ole" (Word 97-2003 / WPS) or "rtf"."""
    ext, what = KINDS[kind]
    if kind == "ole" and _WORD_STREAM not in data:
        raise ReadError(file, "an Office 97-2003 file without a Word document in it (damaged, "
                              "or a workbook or slides?); save the report as DOCX or PDF")  # fmt: skip
    program = soffice()
    if program is None:
        raise ReadError(file, f"{what}: {INSTALL}")
    timeout = float(os.environ.get("GONGKAI_SOFFICE_TIMEOUT", TIMEOUT))
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        src = Path(tmp) / f"report.{ext}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        profile = Path(tmp) / "profile"
        cmd = [program, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx", "--outdir", str(out), str(src)]  # fmt: skip
        try:
            # a new session: a timeout kills LibreOffice's whole process group
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True)  # fmt: skip
            try:
                log, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill(proc)
                raise ReadError(file, f"{what}: LibreOffice did not finish converting it "
                                      f"within {timeout:g} s") from None  # fmt: skip
        except OSError as e:
            raise ReadError(file, f"{what}: LibreOffice could not be started ({e})") from None
        result = out / "report.docx"
        if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            why = (log or b"").decode("utf-8", "replace").strip().splitlines()
            detail = next((ln for ln in why if "rror" in ln), "no output")[:160]
            raise ReadError(file, f"{what}: LibreOffice could not open it ({detail})")
        from lib.read.docx import read_docx

        doc = read_docx(result.read_bytes(), file)
    doc.format = ext
    return doc


def _kill(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.wait()
