"""Where ingest input comes from: files, folders (recursive) and .zip archives.

Zip members are read in memory, never extracted to disk. Hostile archives are refused with a
reason per member (path traversal, absolute names) or for the whole archive (too many members,
too much uncompressed data, a compression ratio typical of zip bombs).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lib.errors import safe_text
from lib.registry import county_from_path

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, per member
# What a folder walk picks up; anything else in a folder is not a report (e.g. .json truth).
REPORT_SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".htm",
    ".html",
    ".shtml",
    ".xhtml",
    ".docx",
    ".pdf",
    ".zip",
    ".doc",  # Word 97-2003, WPS and RTF: converted by LibreOffice
    ".wps",
    ".rtf",
    ".png",  # scans: read by OCR
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}
SKIP_NAMES = {"bodies.csv", "readme.md", "readme.txt", "readme"}  # compared lower-case


@dataclass
class Source:
    """One candidate report: a name to show, its bytes (or the error that prevents reading)."""

    name: str
    data: bytes | None = None
    error: str | None = None
    county_hint: str | None = None
    path: Path | None = None  # on disk: read lazily
    skipped: bool = False  # not report-like (e.g. .json, .xls): counted, not tried

    def __post_init__(self) -> None:
        # A name with bytes that are not UTF-8 must still be stored, logged and shown.
        self.name = safe_text(self.name)
        if self.county_hint is not None:
            self.county_hint = safe_text(self.county_hint)

    def read(self) -> bytes:
        if self.data is None and self.path is not None:
            self.data = self.path.read_bytes()
        return self.data or b""


def is_zip(name: str, head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04" and name.lower().endswith(".zip")


def _unsafe_member(name: str) -> str | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or p.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "absolute path in archive refused"
    if ".." in p.parts:
        return "path with '..' in archive refused"
    return None


def _member_name(info: zipfile.ZipInfo) -> str:
    # Zips made on Chinese Windows store GBK names without the UTF-8 flag.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def zip_members(name: str, data: bytes, county_hint: str | None = None) -> Iterator[Source]:
    """Each report-like member of a zip as a Source; refusals as Sources with an error."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        yield Source(name, error=f"not a readable zip archive ({e})")
        return
    files = [i for i in infos if not i.is_dir()]
    if len(files) > MAX_MEMBERS:
        yield Source(name, error=f"archive has {len(files)} members (limit {MAX_MEMBERS})")
        return
    total = sum(i.file_size for i in files)
    if total > MAX_TOTAL_BYTES:
        yield Source(name, error=f"archive would expand to {total} bytes (limit {MAX_TOTAL_BYTES})")
        return
    budget = MAX_TOTAL_BYTES
    for info in files:
        mname = _member_name(info)
        shown = f"{name}!{mname}"
        bad = _unsafe_member(mname)
        if bad:
            yield Source(shown, error=bad)
            continue
        base = PurePosixPath(mname.replace("\\", "/"))
        if base.name.startswith(".") or base.name.lower() in SKIP_NAMES or "__MACOSX" in base.parts:
            continue
        if base.suffix.lower() == ".zip":
            yield Source(shown, error="archive inside an archive is not read")
            continue
        if base.suffix.lower() not in REPORT_SUFFIXES:
            yield Source(shown, skipped=True)
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            yield Source(shown, error=f"member of {info.file_size} bytes is too large")
            continue
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            yield Source(shown, error="compression ratio typical of a zip bomb refused")
            continue
        if info.file_size > budget:
            yield Source(shown, error=f"archive expands beyond {MAX_TOTAL_BYTES} bytes: refused")
            continue
        try:
            # Read at most the declared size + 1: a lying header cannot expand us further.
            with zf.open(info) as fh:
                body = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as e:
            yield Source(shown, error=f"cannot read archive member ({e})")
            continue
        if len(body) > info.file_size:
            yield Source(shown, error="member larger than its header states: refused")
            continue
        budget -= len(body)
        hint = county_from_path(base.parts[:-1]) or county_hint
        yield Source(shown, data=body, county_hint=hint)


def walk(paths: list[Path], county: str | None = None) -> Iterator[Source]:
    """Sources for files, folders (recursive, sorted) and zips, lazily: memory stays flat."""
    for root in paths:
        root = Path(root)
        if root.is_dir():
            # os.walk, sorted per folder: memory holds one folder's names, not the whole tree
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                here = Path(dirpath)
                rel_dirs = here.relative_to(root).parts
                hint = county_from_path((root.name, *rel_dirs)) or county
                for fname in sorted(filenames):
                    p = here / fname
                    if fname.startswith(".") or fname.lower() in SKIP_NAMES or not p.is_file():
                        continue
                    # shown and stored as <folder>/<path inside it>: where the user put it,
                    # not where this machine keeps it (the dashboard shows it to supervisors)
                    shown = PurePosixPath(root.resolve().name, *rel_dirs, fname).as_posix()
                    if p.suffix.lower() not in REPORT_SUFFIXES:
                        yield Source(shown, skipped=True)
                        continue
                    yield from _one_file(p, hint, shown)
        elif root.exists():
            yield from _one_file(root, county_from_path(root.parent.parts[-1:]) or county)
        else:
            yield Source(str(root), error="no such file or folder")


def _one_file(p: Path, hint: str | None, shown: str | None = None) -> Iterator[Source]:
    shown = shown or str(p)
    if p.suffix.lower() == ".zip":
        try:
            data = p.read_bytes()
        except OSError as e:
            yield Source(shown, error=f"cannot read file ({e.strerror or e})")
            return
        yield from zip_members(shown, data, hint)
    else:
        yield Source(shown, county_hint=hint, path=p)


def expand_uploads(files: list[tuple[str, bytes]]) -> Iterator[Source]:
    """The upload page's (name, bytes) pairs, zips expanded."""
    for name, data in files:
        if is_zip(name, data[:4]):
            yield from zip_members(name, data)
        else:
            yield Source(name, data=data)
