"""Hostile and broken files: each fails cleanly (ReadError, one line naming the file), fast
(pytest-timeout bounds every test) and with bounded memory (peak RSS growth checked)."""

from __future__ import annotations

import io
import random
import re
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from convert import docx_from_parts, fixture, html_parts

from lib.document import Document
from lib.errors import ReadError
from lib.read import detect_format, read_document

pytestmark = pytest.mark.timeout(20)
MB = 1024 * 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def refused(data: bytes, name: str, match: str) -> ReadError:
    """read_document raises ReadError whose reason matches; message is '<name>: <reason>'."""
    before = _peak_mb()
    with pytest.raises(ReadError) as e:
        read_document(None, data=data, name=name)
    assert _peak_mb() - before < 300, "memory grew by more than 300 MB"
    assert re.search(match, e.value.reason), e.value.reason
    assert str(e.value) == f"{name}: {e.value.reason}" and "\n" not in str(e.value)
    return e.value


def read_or_refused(data: bytes, name: str) -> None:
    """The reader may accept odd input, but only ever returns a Document or raises ReadError."""
    before = _peak_mb()
    try:
        assert isinstance(read_document(None, data=data, name=name), Document)
    except ReadError as e:
        assert str(e).startswith(f"{name}: ")
    assert _peak_mb() - before < 300


@pytest.fixture(scope="module")
def real_docx(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("h") / "sy.docx"
    return docx_from_parts(html_parts(fixture("shuyang-fgj-2023.html")), path).read_bytes()


def test_empty_file(tmp_path):
    refused(b"", "empty.txt", "empty file$")
    refused(b" \r\n\t\n", "blank.docx", "empty file$")
    (tmp_path / "zero.pdf").write_bytes(b"")
    with pytest.raises(ReadError, match="empty file"):
        read_document(tmp_path / "zero.pdf")


@pytest.mark.parametrize("name", ["report.docx", "report.pdf"])
def test_random_bytes_with_document_name(name):
    data = random.Random(3).randbytes(200_000)
    err = refused(data, name, "unrecognised binary content")
    assert (
        err.reason == f"not a valid {name[-4:].lstrip('.').upper()} (unrecognised binary content)"
    )


def test_text_file_of_binary_garbage():
    data = random.Random(4).randbytes(50_000)
    assert detect_format(data, "report.txt") == "binary"
    refused(data, "report.txt", "not a supported document")
    # Garbage that slips past the binary sniff (no control bytes) goes to the text reader.
    printable = bytes(b for b in random.Random(5).randbytes(80_000) if b >= 0x20)
    read_or_refused(printable, "garbage.txt")


def test_truncated_docx(real_docx):
    half = real_docx[: len(real_docx) // 2]
    assert detect_format(half, "x.docx") == "docx"  # recognised by its first member names
    refused(half, "half.docx", r"^corrupt DOCX \(")
    refused(real_docx[:200], "head.docx", r"^corrupt DOCX \(")


def test_docx_that_is_another_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a,b\n1,2\n")
    refused(buf.getvalue(), "report.docx", "ZIP archive that is not a DOCX")


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP from already-deflated members (name, deflated, crc, size): lets a test declare
    gigabytes without ever holding them in memory."""
    out, central = bytearray(), bytearray()
    for name, deflated, crc, size in members:
        n = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(n), 0
        )
        out += n + deflated
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), size,
            len(n), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += n
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    return bytes(out + central + end)


def _members_of(docx_bytes: bytes, replace: dict[str, tuple[bytes, int, int]]):
    members = []
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        for info in zf.infolist():
            if info.filename in replace:
                members.append((info.filename, *replace[info.filename]))
                continue
            raw = zf.read(info)
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            members.append((info.filename, c.compress(raw) + c.flush(), zlib.crc32(raw), len(raw)))
    return members


def test_docx_zip_bomb(real_docx):
    # word/document.xml: 1.5 GB of spaces, deflated block by block (~1.5 MB on disk).
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b" " * MB
    chunk = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    n = 1536
    deflated = chunk * n + b"\x03\x00"  # final empty block
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(block, crc)
    data = _raw_zip(_members_of(real_docx, {"word/document.xml": (deflated, crc, n * MB)}))
    # The archive is a genuine one: the stream inflates to what the header declares.
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("word/document.xml") as fh:
        assert fh.read(MB) == block
    assert len(data) < 10 * MB
    refused(
        data, "bomb.docx", r"refused: word/document.xml would inflate to 1\.5 GB \(zip bomb\?\)"
    )


def test_docx_many_members_adding_up(real_docx):
    # Many moderate parts whose sum is huge: each passes a ratio check, the total does not.
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"0" * (5 * MB)
    deflated = c.compress(block) + c.flush()
    crc = zlib.crc32(block)
    extra = [(f"word/media/pad{i}.bin", deflated, crc, len(block)) for i in range(50)]
    data = _raw_zip(_members_of(real_docx, {}) + extra)
    refused(data, "many.docx", "zip bomb")


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [\n'
    b' <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def test_docx_entity_expansion(real_docx):
    with zipfile.ZipFile(io.BytesIO(real_docx)) as zf:
        xml = zf.read("word/document.xml")
    body = xml.split(b"?>", 1)[1].replace(b"2024\xe5\xb9\xb4", b"&lol9;", 1)  # 2024年 → &lol9;
    assert b"&lol9;" in body
    laughs = LAUGHS + body.lstrip()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = _raw_zip(
        _members_of(
            real_docx,
            {
                "word/document.xml": (
                    c.compress(laughs) + c.flush(),
                    zlib.crc32(laughs),
                    len(laughs),
                )
            },
        )
    )
    refused(data, "laughs.docx", r"refused: word/document.xml declares a DTD/entities")


def test_html_entity_expansion_and_deep_nesting():
    page = fixture("shuyang-fgj-2023.html").read_bytes()
    laughs = LAUGHS.replace(b"lolz", b"html") + page.split(b">", 1)[1].replace(
        b"2024", b"&lol9;", 1
    )
    read_or_refused(laughs, "laughs.html")
    deep = b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + b"</body></html>"
    read_or_refused(deep, "deep.html")


def test_html_absurd_spans():
    page = (
        b"<html><body><table>"
        + b'<tr><td colspan="99999999" rowspan="9999">a</td><td>1</td></tr>' * 3000
        + b"</table></body></html>"
    )
    read_or_refused(page, "spans.html")


def test_truncated_and_fake_pdf():
    real = fixture("hongze-district-gov-2024.pdf").read_bytes()
    for cut in (len(real) // 2, len(real) - 100, 1000):
        refused(real[:cut], "cut.pdf", r"^corrupt PDF \(")
    fake = b"%PDF-1.7\n" + random.Random(6).randbytes(100_000)
    refused(fake, "fake.pdf", r"^corrupt PDF \(|no text layer")


def test_file_too_large_is_not_read(tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(60 * MB)  # sparse: nothing is allocated
    before = _peak_mb()
    with pytest.raises(ReadError, match=r"file too large \(60\.0 MB; limit 50\.0 MB\)"):
        read_document(big)
    assert _peak_mb() - before < 20


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read_document(tmp_path / "nope.pdf")
    with pytest.raises(ReadError, match="is a directory"):
        read_document(tmp_path)


def test_other_formats_named_plainly():
    with pytest.raises(ReadError, match="without a Word document in it"):
        read_document(None, data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), name="r.doc")
    with pytest.raises(ReadError, match="damaged image"):  # a picture is read by OCR
        read_document(None, data=b"\x89PNG\r\n\x1a\n" + bytes(600), name="r.png")


def test_pdf_decompression_bomb():
    # A page whose content stream inflates to 1 GB of spaces (~1 MB in the file).
    c = zlib.compressobj(9)
    block = b" " * MB
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    chunk = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    stream = first + chunk * 1023
    assert zlib.decompressobj().decompress(stream[: len(first) + len(chunk)]) == block * 2
    pdf = (
        b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>> endobj\n"
        + (b"4 0 obj <</Length %d/Filter/FlateDecode>> stream\n" % len(stream))
        + stream
        + b"\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )
    refused(pdf, "bomb.pdf", r"refused: PDF streams would inflate to more than 300\.0 MB")


# ------------------------------------------------------------ mutated real files (hypothesis)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SOURCES: dict[str, bytes] = {}


def _source(kind: str) -> bytes:
    if kind not in _SOURCES:
        if kind == "html":
            _SOURCES[kind] = fixture("shuyang-fgj-2023.html").read_bytes()
        elif kind == "pdf":
            _SOURCES[kind] = fixture("hongze-district-gov-2024.pdf").read_bytes()
        else:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = docx_from_parts(
                    html_parts(fixture("shuyang-fgj-2023.html")), Path(tmp) / "m.docx"
                )
                _SOURCES[kind] = path.read_bytes()
    return _SOURCES[kind]


@st.composite
def mutated(draw, kind: str) -> bytes:
    data = bytearray(_source(kind))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "delete", "insert", "truncate"]))
        n = len(data)
        if n < 2:
            break
        at = draw(st.integers(0, n - 1))
        if op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 4096))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "truncate":
            del data[at:]
        else:  # cut a slice out and put it elsewhere
            piece = bytes(data[at : at + 2048])
            del data[at : at + 2048]
            to = draw(st.integers(0, len(data)))
            data[to:to] = piece
    return bytes(data)


def _fuzz(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.timeout(300)
@_fuzz(60)
@given(data=mutated("html"))
def test_mutated_html_reads_or_fails_cleanly(data):
    read_or_refused(data, "m.html")


@pytest.mark.timeout(300)
@_fuzz(60)
@given(data=mutated("docx"))
def test_mutated_docx_reads_or_fails_cleanly(data):
    read_or_refused(data, "m.docx")


@pytest.mark.timeout(300)
@_fuzz(15)
@given(data=mutated("pdf"))
def test_mutated_pdf_reads_or_fails_cleanly(data):
    read_or_refused(data, "m.pdf")


def test_damaged_pdf_is_read_without_noise(tmp_path):
    # Flipped bytes inside a real PDF's streams: pdfminer would log a warning per damaged
    # operator on stderr; the reader returns what it can read, quietly. A subprocess, as the
    # CLI runs (pytest's own log capture would hide the noise).
    src = fixture("hongze-district-gov-2024.pdf").read_bytes()
    rnd = random.Random(1)
    paths = []
    for i in range(6):
        data = bytearray(src)
        for _ in range(3):
            data[rnd.randrange(len(data))] ^= rnd.randrange(1, 256)
        paths.append(tmp_path / f"damaged{i}.pdf")
        paths[-1].write_bytes(bytes(data))
    code = (
        "import sys\nfrom lib.read import read_document\n"
        "for p in sys.argv[1:]:\n    read_document(p)\n"
    )
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)], cwd=root, capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stderr == ""


def test_other_office_zips_are_named(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "三、收到和处理政府信息公开申请情况"
    wb.save(tmp_path / "report.xlsx")
    refused((tmp_path / "report.xlsx").read_bytes(), "report.docx", r"Excel workbook \(XLSX\)")


def test_pdf_with_too_many_pages():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for i in range(101):
        pdf.add_page()
        pdf.cell(text=f"page {i}")
    refused(bytes(pdf.output()), "long.pdf", r"refused: PDF has 101 pages \(limit 100\)")
