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
from lib.parse.registry import county_from_path
from lib.read.limits import MAX_FILE_BYTES, too_large

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = MAX_FILE_BYTES  # a member is capped like a file
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


class SourceError(Exception):
    """A source that cannot be read (its reason is the message)."""


@dataclass
class Source:
    """One candidate report: a name to show, its bytes (or the error that prevents reading).
    Files and zip members are read only when asked (`read`), after their size is checked."""

    name: str
    data: bytes | None = None
    error: str | None = None
    county_hint: str | None = None
    path: Path | None = None  # on disk: read lazily
    skipped: bool = False  # not report-like (e.g. .json, .xls): counted, not tried
    size: int | None = None  # bytes, known before reading (stat, zip header)
    member: tuple | None = None  # (open ZipFile, ZipInfo): a zip member read lazily

    def __post_init__(self) -> None:
        # A name with bytes that are not UTF-8 must still be stored, logged and shown.
        self.name = safe_text(self.name)
        if self.county_hint is not None:
            self.county_hint = safe_text(self.county_hint)

    @property
    def weight(self) -> int:
        """Bytes it will hold in memory once read (for batch budgets)."""
        return len(self.data) if self.data is not None else (self.size or 0)

    def read(self) -> bytes:
        """The bytes, read at most to the size limit; SourceError or OSError when not."""
        if self.data is not None:
            return self.data
        if self.size is not None and self.size > MAX_FILE_BYTES:
            raise SourceError(too_large(self.size))
        if self.member is not None:
            zf, info = self.member
            try:
                # at most the declared size + 1: a lying header cannot expand us further
                with zf.open(info) as fh:
                    body = fh.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as e:
                raise SourceError(f"cannot read archive member ({e})") from None
            if len(body) > info.file_size:
                raise SourceError("member larger than its header states: refused")
            return body
        if self.path is not None:
            with open(self.path, "rb") as fh:
                body = fh.read(MAX_FILE_BYTES + 1)
            if len(body) > MAX_FILE_BYTES:  # grew since it was listed
                raise SourceError(too_large(len(body)))
            return body
        return b""


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
    """Each report-like member of a zip held in memory (an upload) as a Source."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        yield Source(name, error=f"not a readable zip archive ({e})")
        return
    yield from _members(name, zf, county_hint)


def _members(name: str, zf: zipfile.ZipFile, county_hint: str | None) -> Iterator[Source]:
    """Members as Sources read only when their batch is read; refusals as Sources with an
    error. Nothing is decompressed here: sizes and ratios come from the headers."""
    try:
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
            yield Source(shown, error=too_large(info.file_size))
            continue
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            yield Source(shown, error="compression ratio typical of a zip bomb refused")
            continue
        hint = county_from_path(base.parts[:-1]) or county_hint
        yield Source(shown, county_hint=hint, size=info.file_size, member=(zf, info))


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
    try:
        size = p.stat().st_size
    except OSError as e:
        yield Source(shown, error=f"cannot read file ({e.strerror or e})")
        return
    if p.suffix.lower() == ".zip":
        try:  # read from the file as members are asked for, never whole into memory
            zf = zipfile.ZipFile(p)
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            yield Source(shown, error=f"not a readable zip archive ({e})")
            return
        yield from _members(shown, zf, hint)
    else:
        yield Source(shown, county_hint=hint, path=p, size=size)


def expand_uploads(files: list[tuple[str, bytes]]) -> Iterator[Source]:
    """The upload page's (name, bytes) pairs, zips expanded."""
    for name, data in files:
        if is_zip(name, data[:4]):
            yield from zip_members(name, data)
        else:
            yield Source(name, data=data)
