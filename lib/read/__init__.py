"""Readers: turn a file (bytes) into a lib.document.Document of paragraphs and tables.

The format is recognised from the content (magic bytes, markup); the extension is only a hint.
Every failure is a ReadError(file, reason); no other exception escapes read_document.

Document.meta keys a reader may set:
- html: "title" (<title>), "heading" (the article title: an <h1> naming a report, else the
  ArticleTitle meta tag), "published" (PubDate-style meta tag or 发布日期/发布时间/公开日期);
- docx: "core_title" (the file's title property: often stale), "published";
- pdf: "title" (first line), "published", "ocr_pages" ("4,5": pages with pictures but no
  text, read by OCR), or "image_pages" (the same pages when OCR is not installed);
- image: "title", "ocr_pages" (every frame).
Tables continued on the next page (PDF) are consecutive Tables, each with its own `where`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

from lib.document import Document
from lib.errors import ReadError
from lib.read.limits import MAX_FILE_BYTES, too_large
from lib.read.mht import is_mhtml

__all__ = ["read_document", "detect_format", "FORMATS"]

FORMATS = ("txt", "html", "docx", "pdf", "image", "doc", "rtf")

_HTML_MARKERS = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|meta\s)", re.I)
# A page fragment (an article body saved alone) starts with markup but may hold no <html>.
_FRAGMENT_MARKERS = re.compile(rb"<(?:div|p|span|br|h[1-6]|section|article|font|center)\b", re.I)
# Signatures of binary formats users plausibly upload by mistake: (magic, reason).
_OTHER_MAGIC = [
    (b"Rar!", "a RAR archive; only ZIP archives are supported"),
    (b"7z\xbc\xaf", "a 7z archive; only ZIP archives are supported"),
    (b"\x1f\x8b", "a gzip archive; only ZIP archives are supported"),
]


# Word 97-2003 and WPS (OLE compound files), and RTF: converted by LibreOffice (lib.read.legacy).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Scans sent as pictures: read by OCR (lib.read.ocr).
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


_CONTROL_BYTES = bytes([b for b in range(32) if b not in (9, 10, 12, 13)] + [127])


def _utf16_like(head: bytes) -> bool:
    """UTF-16 text without BOM: ASCII characters leave NULs at every other byte."""
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.3 * len(even) or odd.count(0) > 0.3 * len(odd)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_like(head):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > 0.02 * len(head)


def _decoded_head(head: bytes) -> bytes:
    """Bytes of the head in an ASCII-compatible form (UTF-16 → ASCII) for markup sniffing."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_like(head):
        enc = (
            "utf-16"
            if head[:2] in (b"\xff\xfe", b"\xfe\xff")
            else ("utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be")
        )
        return head.decode(enc, errors="ignore").encode("utf-8", errors="ignore")
    return head


def detect_format(data: bytes, name: str = "") -> str:
    """Recognise a document from its content.

    Returns "pdf", "docx", "html", "txt", "image" (a scan: PNG, JPEG, TIFF, GIF, BMP), "ole"
    (Word 97-2003 / WPS), "rtf", "zip" (an archive that is not a DOCX: the caller
    may unpack it), "empty" or "binary" (unrecognised). The name never decides: a DOCX named
    .pdf is a DOCX; read_document uses the name only to word its error messages.
    """
    head = data[:4096]
    if not head.strip() and not data.strip():  # the full strip only for blank heads
        return "empty"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx" if _zip_is_docx(data) else "zip"
    if head.startswith(_IMAGE_MAGIC) and not (head.startswith(b"BM") and not _looks_binary(head)):
        return "image"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    for magic, _ in _OTHER_MAGIC:
        if head.startswith(magic):
            return "binary"
    if _looks_binary(head):
        return "binary"
    sniff = _decoded_head(head)
    if is_mhtml(head):  # Word's "single file web page", often published as .doc
        return "html"
    if _HTML_MARKERS.search(sniff):
        return "html"
    if sniff.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and _FRAGMENT_MARKERS.search(sniff):
        return "html"
    return "txt"


def _zip_is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # A truncated DOCX has no central directory: recognise it by its first member names.
        return b"word/" in data[:4096] or b"[Content_Types].xml" in data[:200]
    return any(n.startswith("word/document") and n.endswith(".xml") for n in names)


_OFFICE_ZIPS = (
    ("xl/", "an Excel workbook (XLSX) is not supported; save the report as DOCX or PDF"),
    ("ppt/", "a PowerPoint file (PPTX) is not supported; save the report as DOCX or PDF"),
    ("content.xml", "an OpenDocument file (ODT) is not supported; save it as DOCX or PDF"),
)


def _zip_reason(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        names = []
    for prefix, reason in _OFFICE_ZIPS:
        if any(n.startswith(prefix) for n in names):
            return reason
    return "a ZIP archive that is not a DOCX (no word/document.xml); unpack it first"


def _binary_reason(data: bytes, name: str) -> str:
    for magic, reason in _OTHER_MAGIC:
        if data.startswith(magic):
            return reason
    hint = _suffix_hint(name)
    if hint in ("pdf", "docx"):
        # The name promises a format the content does not have: say so plainly.
        return f"not a valid {hint.upper()} (unrecognised binary content)"
    return "not a supported document (unrecognised binary content)"


def _load(path: str | os.PathLike | None, data: bytes | None, shown: str) -> bytes:
    if data is not None:
        if len(data) > MAX_FILE_BYTES:
            raise ReadError(shown, too_large(len(data)))
        return bytes(data)
    if path is None:
        raise ReadError(shown, "nothing to read (no path and no data)")
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ReadError(shown, too_large(size))
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:  # grew since we looked
            raise ReadError(shown, too_large(len(raw)))
        return raw
    except IsADirectoryError:
        raise ReadError(shown, "is a directory, not a file") from None
    except FileNotFoundError:
        raise ReadError(shown, "file not found") from None
    except PermissionError:
        raise ReadError(shown, "permission denied") from None
    except OSError as e:
        raise ReadError(shown, f"cannot read file ({e.strerror or e})") from None


def read_document(
    path: str | os.PathLike | None, data: bytes | None = None, name: str | None = None
) -> Document:
    """Read one file into a Document. Raises ReadError (and nothing else) on failure."""
    shown = name or (str(path) if path is not None else "<data>")
    raw = _load(path, data, shown)
    fmt = detect_format(raw, shown)
    if fmt == "empty":
        raise ReadError(shown, "empty file")
    if fmt == "binary":
        raise ReadError(shown, _binary_reason(raw, shown))
    if fmt == "zip":
        raise ReadError(shown, _zip_reason(raw))
    sha = hashlib.sha256(raw).hexdigest()
    try:
        doc = _dispatch(fmt, raw, shown)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(shown, f"out of memory while reading the {fmt.upper()} file") from None
    except RecursionError:
        raise ReadError(shown, f"{fmt.upper()} structure nested too deeply") from None
    except Exception as e:  # noqa: BLE001 - a reader bug must still be one clean line
        detail = (str(e).splitlines() or [""])[0][:200]
        raise ReadError(
            shown, f"could not read {fmt.upper()} ({type(e).__name__}: {detail})"
        ) from None
    doc.file = shown
    doc.sha256 = sha
    return doc


def _dispatch(fmt: str, raw: bytes, shown: str) -> Document:
    # Imported lazily: reading a text file should not pay for pdfplumber's import.
    if fmt == "pdf":
        from lib.read.pdf import read_pdf

        return read_pdf(raw, shown)
    if fmt == "docx":
        from lib.read.docx import read_docx

        return read_docx(raw, shown)
    if fmt in ("ole", "rtf"):
        from lib.read.legacy import read_legacy

        return read_legacy(raw, shown, fmt)
    if fmt == "image":
        from lib.read.ocr import read_image

        return read_image(raw, shown)
    if fmt == "html":
        from lib.read.html import read_html

        return read_html(raw, shown)
    from lib.read.text import read_text

    return read_text(raw, shown)


def _suffix_hint(name: str) -> str:
    """The format the file name suggests ("" when none); used for messages only."""
    ext = Path(name).suffix.lower().lstrip(".")
    return {"htm": "html", "shtml": "html", "text": "txt"}.get(ext, ext)
