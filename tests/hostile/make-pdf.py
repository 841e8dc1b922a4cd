#!/usr/bin/python3
"""Writes the synthetic hostile PDFs of tests/hostile/make-corpus.sh, byte by byte (no PDF library:
each file is exactly as broken as it says). Usage: make-pdf.py KIND OUT [ARG]

  image-only     one page that draws a 64x64 grey image and holds no text (a scan without OCR)
  garbled        a page of text in a font whose glyph names map to no Unicode and which has no
                 ToUnicode: the text layer is private-use junk (a broken font mapping)
  many-pages N   N pages (default 5000), each one line of text in Helvetica
  deep-nesting N a page whose /Resources hold arrays nested N deep (default 100000)
  page-loop      a page tree whose /Kids holds the tree itself (a /Parent cycle) and an object
                 that refers to itself
  bomb MIB       a page whose content stream is MIB MiB (default 2048) of zeros, deflated (~1000:1)
"""
import sys
import zlib


def pdf(objects, root=1):
    """objects: list of bytes, object i+1 each. Returns a complete PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def image_only():
    image = bytes(range(64)) * 64
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"q 400 0 0 400 100 300 cm /Im1 Do Q"),
        stream(image, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "),
    ])


def garbled():
    # Codes 1..40 named /g1../g40: no standard glyph names, no ToUnicode; poppler falls back to the
    # codes themselves (control characters), which is what a broken subset font gives.
    names = b" ".join(b"/g%d" % i for i in range(1, 41))
    text = bytes(range(1, 41))
    escaped = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"\\r")
    lines = b"".join(b"BT /F1 12 Tf 50 %d Td (%s) Tj ET\n" % (780 - 20 * i, escaped) for i in range(20))
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(lines),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /KensaBroken /FirstChar 1 /LastChar 40 /Widths [" +
        b" ".join([b"500"] * 40) + b"] /Encoding << /Type /Encoding /Differences [1 " + names + b"] >> >>",
    ])


def many_pages(count):
    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content per page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, HELVETICA]
    for i in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(stream(b"BT /F1 12 Tf 50 780 Td (Page %d of %d: backups are taken daily.) Tj ET" % (i + 1, count)))
    return pdf(objects)


def deep_nesting(depth):
    nested = b"[" * depth + b"]" * depth
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /Deep " + nested + b" >> /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 50 780 Td (Nested arrays " + b"[" * 1000 + b") Tj ET " + b"[" * 100000),
        HELVETICA,
    ])


def page_loop():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>",
        # The tree lists itself among its kids, and its page names the tree's kid as its parent.
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 5 0 R] /Count 3 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 50 780 Td (A page tree with a cycle.) Tj ET"),
        b"<< /Type /Pages /Kids [5 0 R 2 0 R] /Count 2 /Parent 5 0 R >>",
        b"6 0 R",
        HELVETICA,
    ])


def bomb(mib):
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(chunk) for _ in range(mib)]
    parts.append(compressor.flush())
    data = b"".join(parts)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        stream(data, b"/Filter /FlateDecode "),
    ])


def main():
    kind, out = sys.argv[1], sys.argv[2]
    arg = int(sys.argv[3]) if len(sys.argv) > 3 else None
    makers = {
        "image-only": image_only,
        "garbled": garbled,
        "many-pages": lambda: many_pages(arg or 5000),
        "deep-nesting": lambda: deep_nesting(arg or 100000),
        "page-loop": page_loop,
        "bomb": lambda: bomb(arg or 2048),
    }
    data = makers[kind]()
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
