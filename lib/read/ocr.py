"""Scans: page images → text boxes (RapidOCR: its PP-OCR models ship inside the wheel, nothing
is downloaded) → paragraphs and tables (lib.read.scan_layout) the parser reads like any other
document. Pages are read in the red channel: a red seal over the numbers fades out.

A number's provenance names its page, its box (fractions of the page) and the OCR's
confidence: "page 3 box 0.512,0.581-0.553,0.602 ocr 0.64" (`parse_where`); the parser turns low
confidence, cells read empty and failing rules into OCR findings. OCR is an optional extra
(`pip install 'gongkai[ocr]'`); without it a scan is refused with that instruction.
"""

from __future__ import annotations

import re

from lib.document import Document, Paragraph, Table
from lib.errors import ReadError
from lib.read.memo import Memo
from lib.read.scan_layout import char_height, deskew, page_blocks, rules_of, skew

INSTALL = "OCR needs the optional extra: pip install 'gongkai[ocr]'"
MAX_OCR_PAGES = 40  # a scanned annual report has 5-30 pages; each costs a few seconds
DPI = 200
MIN_CONFIDENCE = 0.5  # numbers read less surely than this become a finding
TEXT_SCORE = 0.3  # boxes read less surely than this are dropped as noise
_WHERE = re.compile(
    r"page (\d+) box ([\d.]+),([\d.]+)-([\d.]+),([\d.]+) ocr ([\d.]+)( under a seal)?"
)
SEAL_SHARE = 0.04  # a number box this much covered by red seal ink is not to be trusted

_engine = None
PAGES_READ = Memo(64)  # (page number, image) → its blocks: a file read again is not OCR'd again


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _ocr(image, file: str):
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise ReadError(file, f"scanned document: {INSTALL}") from None
        _engine = RapidOCR()
    result, _times = _engine(image, use_cls=False, text_score=TEXT_SCORE)
    return result or []


def _recognise(image) -> tuple[str, float]:
    """The recogniser alone on one cut-out (a cell the detector found nothing in)."""
    res, _t = _engine.text_rec([image])
    return str(res[0][0]), float(res[0][1])


def parse_where(where: str) -> dict | None:
    """A value's OCR provenance as {page, box (x0, y0, x1, y1 fractions), conf, seal}; else
    None. `seal`: red seal ink over the number (it may hide or change a digit)."""
    m = _WHERE.search(where or "")
    if not m:
        return None
    page, *box, conf, seal = m.groups()
    return {"page": int(page), "box": tuple(float(b) for b in box), "conf": float(conf),
            "seal": bool(seal)}  # fmt: skip


# ---------------------------------------------------------------- pages → blocks
MAX_PIXELS = 40_000_000  # one page image; a 600 dpi A3 scan is ~70 M: refused, not swapped
MAX_SIDE = 3500  # rendered PDF pages are scaled down to this long side


def _red(img):
    """The page as the OCR sees it: the red channel of RGB, three times (red seals fade)."""
    import numpy as np

    r = np.asarray(img.convert("RGB"))[:, :, 0]
    return np.ascontiguousarray(np.dstack([r, r, r]))


def read_pages(pages, file: str) -> list[Paragraph | Table]:
    """(page number, PIL image) pairs → blocks, in page order."""
    blocks: list[Paragraph | Table] = []
    for pno, img in pages:
        w, h = img.size
        if w * h > MAX_PIXELS:
            raise ReadError(file, f"page {pno} is too large to OCR ({w}×{h} pixels)")
        key = Memo.key(pno, w, h, img.mode, img.tobytes())
        found = PAGES_READ.get(key)
        if found is None:
            found = _read_page(img, pno, file)
            PAGES_READ.put(key, found)
        blocks += found
    return blocks


def _read_page(img, pno: int, file: str) -> list[Paragraph | Table]:
    w, h = img.size
    page = _red(img)
    raw = _ocr(page, file)
    if not raw:
        return []
    flat = deskew(page, skew(raw))
    found = page_blocks(raw, w, h, pno, rules_of(flat, char_height(raw)), flat, _recognise)
    _mark_seals(found, img)
    return found


def _mark_seals(blocks, img) -> None:
    """Append " under a seal" to the provenance of numbers that red seal ink covers."""
    import numpy as np

    rgb = np.asarray(img.convert("RGB")).astype(np.int16)
    red = (
        (rgb[:, :, 0] > 140)
        & (rgb[:, :, 0] - rgb[:, :, 1] > 60)
        & (rgb[:, :, 0] - rgb[:, :, 2] > 60)
    )
    if not red.any():
        return
    hgt, wid = red.shape
    for b in blocks:
        for row in b.cell_where or [] if isinstance(b, Table) else []:
            for i, w in enumerate(row):
                p = parse_where(w)
                if p is None:
                    continue
                x0, y0, x1, y1 = p["box"]
                cut = red[int(y0 * hgt) : int(y1 * hgt) + 1, int(x0 * wid) : int(x1 * wid) + 1]
                if cut.size and cut.mean() >= SEAL_SHARE:
                    row[i] = w + " under a seal"


def pdf_pages(data: bytes, numbers: list[int], file: str, dpi: int = DPI):
    """The given PDF pages (1-based) rendered at `dpi` with pypdfium2, one at a time."""
    import pypdfium2 as pdfium

    if len(numbers) > MAX_OCR_PAGES:
        raise ReadError(file, f"scan of {len(numbers)} pages: OCR reads at most {MAX_OCR_PAGES}")
    pdf = pdfium.PdfDocument(data)
    try:
        for pno in numbers:
            page = pdf[pno - 1]
            w, h = page.get_size()
            scale = min(dpi / 72, MAX_SIDE / max(w, h, 1))
            yield pno, page.render(scale=scale).to_pil()
            page.close()
    finally:
        pdf.close()


def image_pages(data: bytes, file: str):
    """The frames of an image file (PNG, JPEG, TIFF — a multi-page TIFF is a multi-page scan)."""
    import io

    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        n = getattr(img, "n_frames", 1)
        if n > MAX_OCR_PAGES:
            raise ReadError(file, f"scan of {n} pages: OCR reads at most {MAX_OCR_PAGES}")
        for pno, frame in enumerate(ImageSequence.Iterator(img), 1):
            w, h = frame.size
            if w * h > MAX_PIXELS:
                raise ReadError(file, f"page {pno} is too large to OCR ({w}×{h} pixels)")
            frame.load()
            yield pno, frame.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ReadError(file, f"damaged image ({str(e).splitlines()[0][:120]})") from None
    except Image.DecompressionBombError:
        raise ReadError(file, "image too large to OCR (decompression bomb?)") from None


def read_image(data: bytes, file: str) -> Document:
    """A scan sent as a picture (every frame of a TIFF is a page) → Document."""
    if not available():
        raise ReadError(file, f"an image (a scan?): {INSTALL}")
    blocks = read_pages(image_pages(data, file), file)
    if not blocks:
        raise ReadError(file, "an image in which OCR found no text (blank, or not a document)")
    pages = sorted({int(b.where.split()[1]) for b in blocks})
    meta = {"ocr_pages": ",".join(map(str, pages))}
    first = next((b for b in blocks if isinstance(b, Paragraph)), None)
    if first is not None:
        meta["title"] = first.text
    return Document(file, "image", None, "", blocks, meta)


def crop(data: bytes, where: str, dpi: int = 150) -> bytes | None:
    """The strip of a scan a number was read from (OCR provenance `where`): its whole row, the
    label included, with the number boxed in red, as PNG; None when `where` names no box."""
    import io

    from PIL import ImageDraw

    p = parse_where(where)
    if p is None:
        return None
    if data[:1024].find(b"%PDF-") >= 0:
        img = next(iter(pdf_pages(data, [p["page"]], "crop", dpi=dpi)))[1]
    else:
        frames = dict(image_pages(data, "crop"))
        if p["page"] not in frames:
            return None
        img = frames[p["page"]]
    img = img.convert("RGB")
    w, h = img.size
    x0, y0, x1, y1 = p["box"]
    box = (x0 * w, y0 * h, x1 * w, y1 * h)
    ImageDraw.Draw(img).rectangle(box, outline=(220, 0, 0), width=max(2, w // 400))
    cut = (0.05 * w, max(0, box[1] - 0.04 * h), 0.95 * w, min(h, box[3] + 0.04 * h))
    buf = io.BytesIO()
    img.crop(tuple(int(v) for v in cut)).save(buf, "PNG")
    return buf.getvalue()
