"""LibreOffice headless as a converter (legacy Word → DOCX for reading; DOCX → PDF for the
通报). Each conversion runs with a profile of its own in a temporary folder (conversions never
share or disturb a desktop profile) and is stopped, with its whole process group, after a
timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 120  # seconds; LibreOffice converts a report in 2-5 s
INSTALL = ("converting it needs LibreOffice (Debian/Ubuntu: apt-get install "
           "libreoffice-writer-nogui; elsewhere: install LibreOffice and put soffice on PATH)")  # fmt: skip


class OfficeError(Exception):
    """A conversion that did not happen; the message says why in one line."""


def soffice() -> str | None:
    """The LibreOffice program: $GONGKAI_SOFFICE, else soffice/libreoffice on PATH."""
    return (
        os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    )


def convert(data: bytes, ext: str, to: str) -> bytes:
    """`data` (a file with extension `ext`) converted by LibreOffice to format `to` ("docx",
    "pdf"). Raises OfficeError: LibreOffice missing, not starting, too slow, or failing."""
    program = soffice()
    if program is None:
        raise OfficeError(INSTALL)
    timeout = float(os.environ.get("GONGKAI_SOFFICE_TIMEOUT", TIMEOUT))
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        src = Path(tmp) / f"report.{ext}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        profile = Path(tmp) / "profile"
        cmd = [program, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", to, "--outdir", str(out), str(src)]  # fmt: skip
        try:
            # a new session: a timeout kills LibreOffice's whole process group
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True)  # fmt: skip
            try:
                log, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill(proc)
                raise OfficeError(f"LibreOffice did not finish converting it within {timeout:g} s"
                                  ) from None  # fmt: skip
        except OSError as e:
            raise OfficeError(f"LibreOffice could not be started ({e})") from None
        result = out / f"report.{to}"
        if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            why = (log or b"").decode("utf-8", "replace").strip().splitlines()
            detail = next((ln for ln in why if "rror" in ln), "no output")[:160]
            raise OfficeError(f"LibreOffice could not open it ({detail})")
        return result.read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.wait()
