"""Legacy Word (.doc), WPS (.wps) and RTF: converted to DOCX by LibreOffice (lib.read.office), then
read by the DOCX reader."""

from __future__ import annotations

from lib.document import Document
from lib.errors import ReadError
from lib.read.memo import Memo
from lib.read.office import INSTALL, TIMEOUT, OfficeError, convert, soffice  # noqa: F401 (re-exported)

_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of .doc and .wps files
CONVERTED = Memo(16)  # a file read again (preview, then load) is not converted again
KINDS = {"ole": ("doc", "legacy Word/WPS file (.doc/.wps)"), "rtf": ("rtf", "RTF file")}


def read_legacy(data: bytes, file: str, kind: str) -> Document:
    """`kind`: "ole" (Word 97-2003 / WPS) or "rtf"."""
    ext, what = KINDS[kind]
    if kind == "ole" and _WORD_STREAM not in data:
        raise ReadError(file, "an Office 97-2003 file without a Word document in it (damaged, "
                              "or a workbook or slides?); save the report as DOCX or PDF")  # fmt: skip
    key = Memo.key(ext, data)
    docx = CONVERTED.get(key)
    if docx is None:
        try:
            docx = convert(data, ext, "docx")
        except OfficeError as e:
            raise ReadError(file, f"{what}: {e}") from None
        CONVERTED.put(key, docx)
    from lib.read.docx import read_docx

    doc = read_docx(docx, file)
    doc.format = ext
    return doc
