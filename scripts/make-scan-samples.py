#!/usr/bin/python3
"""Makes the scanned samples of samples/scans/: image-only PDFs made from samples/*.pdf (issue 17, OCR).

Each page of a chosen sample is drawn by poppler at 200 dpi in grey (pdftoppm -r 200 -gray), given the
look of an office scanner, and the pages are wrapped back into a PDF with no text layer, one image per
page at 200 dpi (1654 x 2339 pixels: the A4 page, 0.15 pt larger by the rounding to whole pixels). The
scanner's look, drawn per page from a random generator seeded by the sample's name and page number:
  - paper and toner: white becomes light grey (244), black dark grey (14);
  - the sheet fed a little askew: rotated by 0.3-0.8 degrees, either way;
  - the optics: a slight Gaussian blur (radius 0.5-0.7 px);
  - the sensor: Gaussian noise (sigma 2-4 grey levels) and dust (1 pixel in 4,096 a black or white speck);
  - the file: a grey JPEG of quality 50 (110-320 KB a page, what a multifunction printer's "scan to
    PDF" writes), or for the samples in BILEVEL a 1-bit page thresholded after the noise, stored as
    CCITT G4 (a scanner's "black and white" mode, or a fax: the specks stay, thin strokes lose pixels).

Layout: samples/scans/docs/<stem>.pdf is the scan, samples/scans/gold/<stem>.json its expected answers, a
relative symlink to samples/<stem>.expected.json (a corrected answer holds for both). That is the
gold/ + docs/ layout kensa regress knows from ../shared/realpages: `kensa regress samples/scans` scores
the scans, while `kensa regress samples` (the regress-samples test and samples/baseline.json), which
pairs only x.expected.json files, does not pick them up and so never waits for OCR.

Pillow (Debian's python3-pil) draws the look and encodes each page (JPEG; CCITT G4 through libtiff);
the script writes the PDF itself, a page per picture, rather than through Pillow's PDF writer (which
copies the TIFF directory after the G4 data into each CCITT stream, with a padding byte whose value
changed from run to run) or img2pdf (python3-img2pdf, not installed here, not needed for this much). No dates, no
producer, no /ID: a re-run gives the same bytes (with the same poppler, Pillow, libjpeg and libtiff).
Each PDF is checked afterwards: no text for pdftotext, one 200 dpi image per page, as many pages as the
original.

Usage: /usr/bin/python3 scripts/make-scan-samples.py [OUT_DIR]   (default: samples/scans)
Needs: poppler-utils (pdftoppm, pdftotext, pdfimages, pdfinfo), python3-pil (scripts/install-deps.sh
--samples). Takes ~5 s.
"""
import io
import math
import os
import pathlib
import random
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops, ImageFilter

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
DPI = 200

# The samples scanned (16 pages): one of each genre, chosen for what OCR can get wrong.
CHOSEN = {
    "101_faq_hachidesk": "FAQ of Q:/A: pairs with full-width digits (１２時間, ３０日間) and a lunch-break window",
    "102_sla_aozora_storage": "SLA: a definitions article, a service-credit table of percentages, 令和 dates",
    "103_meti_kotonoha": "METI checklist table: label and answer in separate cells, 有/無 and small numbers",
    "104_brochure_hanabi": "two-column brochure: figure boxes side by side, kanji numerals (十世代)",
    "201_sekirei_whitepaper": "formal 4-page whitepaper: 第N章 chapters, a table of contents, revision history",
    "303_hakobi_haisha_leaflet": "one-page leaflet of short 【】 fragments and a footnote section",
    "506_slo_table": "SLO table with spaced units and numbers in narrow cells",
    "605_slo_kanji": "SLO page in kanji numerals (二十四時間, 九十九・九パーセント)",
    "702_security_letter": "security letter: certification registration numbers, ISO/IEC names, a date",
}
# Written as 1-bit pages (CCITT G4) instead of grey JPEG: the harsher of the two scanner modes.
BILEVEL = {"103_meti_kotonoha", "605_slo_kanji"}

PAPER, TONER = 244, 14          # grey levels of white paper and black print
NOISE_SIGMA = (2.0, 4.0)        # sensor noise, grey levels
ROTATION = (0.3, 0.8)           # degrees, either way
BLUR = (0.5, 0.7)               # Gaussian blur radius, pixels
DUST = 16                       # specks: this many pixels in 65,536 turned black or white
JPEG_QUALITY = 50


def inverse_normal(p):
    """Returns the quantile of the standard normal distribution at p (0 < p < 1), Acklam's approximation."""
    a = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
         -3.066479806614716e+01, 2.506628277459239e+00)
    b = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
         -1.328068155305831e+01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549671010115138e+00,
         4.374664141464968e+00, 2.938163982698783e+00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
    if p < 0.02425:
        q = math.sqrt(-2 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / \
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    if p > 1 - 0.02425:
        return -inverse_normal(1 - p)
    q = p - 0.5
    r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / \
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)


def noise_image(rng, size, sigma):
    """Returns an L image of Gaussian noise around 128 (uniform random bytes mapped through the normal quantile)."""
    lut = [max(0, min(255, round(128 + sigma * inverse_normal((i + 0.5) / 256)))) for i in range(256)]
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(lut)


def scan_look(page, rng, bilevel):
    """Returns the page (an L image drawn at DPI) as a scanner would give it back."""
    page = page.point(lambda v: round(TONER + v * (PAPER - TONER) / 255))
    angle = rng.uniform(*ROTATION) * rng.choice((-1, 1))
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=PAPER)
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR)))
    page = ImageChops.add(page, noise_image(rng, page.size, rng.uniform(*NOISE_SIGMA)), scale=1.0, offset=-128)
    # Dust: a pixel whose first random byte is 0 and whose second is under DUST is a speck, black when
    # the second is even, else white.
    first = Image.frombytes("L", page.size, rng.randbytes(page.size[0] * page.size[1]))
    second = Image.frombytes("L", page.size, rng.randbytes(page.size[0] * page.size[1]))
    speck = first.point(lambda v: 255 if v == 0 else 0)
    black = ImageChops.multiply(speck, second.point(lambda v: 255 if v < DUST and v % 2 == 0 else 0))
    white = ImageChops.multiply(speck, second.point(lambda v: 255 if v < DUST and v % 2 == 1 else 0))
    page = ImageChops.add(ImageChops.subtract(page, black), white)
    if bilevel:
        return page.point(lambda v: 255 if v > 150 else 0, mode="1")
    return page


def encode(page):
    """Returns the PDF image dictionary entries and the stream of page (L: a JPEG; 1: CCITT G4 data)."""
    buffer = io.BytesIO()
    if page.mode == "1":
        # libtiff writes the G4 data as one strip; only the strip goes into the PDF (the TIFF directory
        # after it has a padding byte whose value changed from run to run).
        page.save(buffer, "TIFF", compression="group4", strip_size=(page.width + 7) // 8 * page.height)
        tiff = Image.open(buffer)
        (offset,), (length,) = tiff.tag_v2[273], tiff.tag_v2[279]  # StripOffsets, StripByteCounts
        parms = f"<< /K -1 /Columns {page.width} /Rows {page.height} /BlackIs1 true >>"
        data = buffer.getvalue()[offset:offset + length]
        return f"/BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms {parms}", data
    page.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return "/BitsPerComponent 8 /Filter /DCTDecode", buffer.getvalue()


def write_pdf(path, pages, title):
    """Writes pages (L or 1 images drawn at DPI) as an image-only PDF, one picture filling each page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]  # object 1, object 2 (the page tree, below)
    kids = []
    for page in pages:
        entries, data = encode(page)
        width, height = (f"{v * 72 / DPI:.4f}".rstrip("0").rstrip(".") for v in page.size)
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {page.width} /Height {page.height} "
                       f"/ColorSpace /DeviceGray {entries} /Length {len(data)} >>\nstream\n".encode()
                       + data + b"\nendstream")
        content = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
                       f"/Resources << /XObject << /Im0 {len(objects) - 1} 0 R >> >> "
                       f"/Contents {len(objects)} 0 R >>".encode())
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    objects.append(f"<< /Title ({title}) >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    pathlib.Path(path).write_bytes(out)


def render(pdf, work):
    """Returns the pages of pdf drawn at DPI in grey, in order."""
    prefix = os.path.join(work, "page")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), prefix], check=True)
    files = sorted(pathlib.Path(work).glob("page-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(f) for f in files]


def pdf_pages(pdf):
    """Returns the page count pdfinfo gives for pdf."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def check(scan, original):
    """Fails (SystemExit) unless scan has no text, one DPI image per page and original's page count."""
    text = subprocess.run(["pdftotext", str(scan), "-"], capture_output=True, text=True, check=True).stdout
    if text.strip():
        raise SystemExit(f"{scan}: pdftotext finds text: {text.strip()[:60]!r}")
    images = subprocess.run(["pdfimages", "-list", str(scan)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in images.splitlines()[2:]]
    pages = pdf_pages(original)
    if pdf_pages(scan) != pages or [int(r[0]) for r in rows] != list(range(1, pages + 1)):
        raise SystemExit(f"{scan}: not one image on each of {pages} pages:\n{images}")
    if any((r[12], r[13]) != (str(DPI), str(DPI)) for r in rows):
        raise SystemExit(f"{scan}: an image not at {DPI} dpi:\n{images}")


def make(stem, out_dir):
    """Writes out_dir/docs/stem.pdf (the scan) and the symlink out_dir/gold/stem.json; returns the page count."""
    original = SAMPLES / f"{stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="kensa-scan-") as work:
        pages = [scan_look(page, random.Random(f"{stem}:{number}"), stem in BILEVEL)
                 for number, page in enumerate(render(original, work), start=1)]
    scan = out_dir / "docs" / f"{stem}.pdf"
    write_pdf(scan, pages, stem)
    check(scan, original)
    link = out_dir / "gold" / f"{stem}.json"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(SAMPLES / f"{stem}.expected.json", link.parent))
    return len(pages)


def main():
    out_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES / "scans"
    for sub in ("docs", "gold"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    total = 0
    for stem in CHOSEN:
        pages = make(stem, out_dir)
        total += pages
        size = (out_dir / "docs" / f"{stem}.pdf").stat().st_size
        print(f"{stem}.pdf: {pages} page(s), {size // 1024} KiB", file=sys.stderr)
    print(f"{len(CHOSEN)} scans, {total} pages in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
