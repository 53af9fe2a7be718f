"""Scans made from real PDFs, as a county office receives them: pages rasterised (pypdfium2),
rotated a little, speckled, JPEG-compressed, a red seal stamped over the numbers, then saved as
an image-only PDF or as pictures. Deterministic for a given seed."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


def pages(pdf: bytes, dpi: int = 150) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [p.render(scale=dpi / 72).to_pil().convert("RGB") for p in doc]
    finally:
        doc.close()


def degrade(img: Image.Image, *, angle=1.5, noise=0.01, blur=0.6, seal="table", seed=0):
    """`seal`: "table" (red seal over the middle of the page, where the tables are),
    "signature" (bottom right, where offices stamp the date), or False."""
    rng = random.Random(seed)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white")
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    w, h = img.size
    px = img.load()
    for _ in range(int(w * h * noise)):  # dust and toner specks
        x, y = rng.randrange(w), rng.randrange(h)
        v = rng.choice((0, 90, 255))
        px[x, y] = (v, v, v)
    if seal:  # a red official seal
        over = Image.new("RGBA", img.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(over)
        r = w // 7
        cx, cy = (int(w * 0.62), int(h * 0.55)) if seal == "table" else (int(w * 0.7), int(h * 0.8))
        d.ellipse(
            (cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30, 170), width=max(3, r // 14)
        )
        star = [(cx + r * 0.3 * dx, cy + r * 0.3 * dy) for dx, dy in
                ((0, -1), (0.3, -0.3), (1, -0.3), (0.45, 0.15), (0.6, 0.9), (0, 0.4),
                 (-0.6, 0.9), (-0.45, 0.15), (-1, -0.3), (-0.3, -0.3))]  # fmt: skip
        d.polygon(star, fill=(220, 30, 30, 150))
        img = Image.alpha_composite(img.convert("RGBA"), over).convert("RGB")
    return img


def jpeg(img: Image.Image, quality: int = 55) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def scanned_pdf(pdf: bytes, dpi: int = 150, seed: int = 0, **kw) -> bytes:
    """`pdf` as an image-only PDF: every page degraded and JPEG-compressed (a "signature"
    seal on the last page only)."""
    return images_pdf(scanned_pages(pdf, dpi, seed, **kw), dpi)


def scanned_pages(pdf: bytes, dpi: int = 150, seed: int = 0, **kw) -> list[Image.Image]:
    rng = random.Random(seed)
    ps = pages(pdf, dpi)
    out = []
    for i, p in enumerate(ps):
        opts = dict(kw)
        if opts.get("seal") == "signature" and i < len(ps) - 1:
            opts["seal"] = False
        out.append(jpeg(degrade(p, seed=rng.randrange(1 << 30), **opts)))
    return out


def images_pdf(imgs: list[Image.Image], dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    imgs[0].save(buf, "PDF", save_all=True, append_images=imgs[1:], resolution=dpi)
    return buf.getvalue()


def image_file(img: Image.Image, fmt: str, frames: list[Image.Image] | None = None) -> bytes:
    buf = io.BytesIO()
    if frames:
        img.save(buf, fmt, save_all=True, append_images=frames)
    else:
        img.save(buf, fmt)
    return buf.getvalue()
