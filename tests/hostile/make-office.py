#!/usr/bin/python3
"""Writes the hostile Office and CSV inputs of the hostile-* tests into the current folder.

Each file is built here from its parts (Python's zipfile and raw bytes), so nothing binary is
committed. Called by tests/hostile/make-corpus.sh; a file already written is kept (the bombs take a
few seconds to deflate).
"""
import os
import sys
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="{target}"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ROW = '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{label}</t></is></c><c r="B{r}" t="inlineStr"><is><t>{answer}</t></is></c></row>'
GOOD_ROWS = [("目標復旧時間(RTO)", "4時間"), ("バックアップ世代数", "7世代"), ("多要素認証", "対応")]


def workbook(sheet_names):
    sheets = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(sheet_names))
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheet_names)))
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>',
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')


def sheet(rows_xml, prolog=""):
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'


def good_rows():
    return "".join(ROW.format(r=i + 1, label=l, answer=a) for i, (l, a) in enumerate(GOOD_ROWS))


def write_xlsx(path, sheets, extra=None):
    """sheets: list of (name, sheet XML or a function writing it to a file object)."""
    wb, rels = workbook([name for name, _ in sheets])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS.format(target="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, (_, body) in enumerate(sheets):
            name = f"xl/worksheets/sheet{i + 1}.xml"
            if callable(body):
                with z.open(name, "w", force_zip64=True) as f:
                    body(f)
            else:
                z.writestr(name, body)
        for name, data in (extra or {}).items():
            z.writestr(name, data)


def write_docx(path, body_xml, prolog=""):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS.format(target="word/document.xml"))
        z.writestr("word/document.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{WORD}"><w:body>{body_xml}</w:body></w:document>')


def paragraph(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def once(path, make):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        make(path)


def bomb_rows(f):  # one sheet part of ~300 MiB inflated (over the 256 MiB limit of a part)
    f.write(sheet("").split("<sheetData>")[0].encode() + b"<sheetData>")
    block = b"<row>" + b"<c><v>0</v></c>" * 4000 + b"</row>"
    for _ in range(300 * (1 << 20) // len(block) + 1):
        f.write(block)
    f.write(b"</sheetData></worksheet>")


def million_rows(f):  # 1,048,576 rows of one number each: Excel's largest sheet, past the cell limit
    f.write(sheet("").split("<sheetData>")[0].encode() + b"<sheetData>")
    for r in range(1, 1048577):
        f.write(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r))
    f.write(b"</sheetData></worksheet>")


def main():
    os.chdir(sys.argv[1] if len(sys.argv) > 1 else ".")
    # A well-formed workbook, for the batch: it must give its findings among the broken files.
    write_xlsx("good.xlsx", [("チェックシート", sheet(good_rows()))])
    once("zip-bomb.xlsx", lambda p: write_xlsx(p, [("bomb", bomb_rows)]))
    once("many-sheets.xlsx", lambda p: write_xlsx(p, [(f"S{i}", sheet(good_rows())) for i in range(5000)]))
    once("million-rows.xlsx", lambda p: write_xlsx(p, [("rows", million_rows)]))
    big = "あ" * ((10 << 20) // 3)  # a cell of ~10 MB of text
    once("huge-cell.xlsx", lambda p: write_xlsx(p, [("big", sheet(ROW.format(r=1, label="備考", answer=big) + good_rows()))]))
    write_xlsx("malformed-xml.xlsx", [("broken", sheet(good_rows())[:-40] + "<row><c")])
    # An external entity (XXE): a reader that expands it would put /etc/passwd in the findings.
    xxe = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    write_xlsx("xxe.xlsx", [("xxe", sheet(ROW.format(r=1, label="&xxe;", answer="4時間"), prolog=xxe))])
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">' +
              "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)) + "]>")
    write_docx("billion-laughs.docx", paragraph("&j;"), prolog=laughs)
    # A part named ../../x: no Office program writes one; kensa refuses the archive.
    write_xlsx("dotdot-path.xlsx", [("ok", sheet(good_rows()))], extra={"../../evil.txt": "x"})
    with open("good.xlsx", "rb") as f:
        data = f.read()
    with open("truncated.xlsx", "wb") as f:
        f.write(data[: len(data) // 2])
    write_docx("good.docx", paragraph("目標復旧時間(RTO)は4時間です。") + paragraph("バックアップは7世代保管します。"))
    with open("good.docx", "rb") as f:
        data = f.read()
    with open("truncated.docx", "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    # An OLE compound file: a legacy .xls, and a password-protected xlsx (its package in a stream
    # named EncryptedPackage). Only the header and a directory entry's name matter to kensa.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with open("legacy.xls", "wb") as f:
        f.write(ole + "Workbook".encode("utf-16-le") + b"\x00" * 4000)
    with open("password.xlsx", "wb") as f:
        f.write(ole + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 4000)
    # A zip that is no Office file, and a CSV with a 2 MiB field (over the 1 MiB record limit).
    with zipfile.ZipFile("plain.zip.xlsx", "w") as z:
        z.writestr("readme.txt", "not a workbook")
    with open("huge-field.csv", "w", encoding="utf-8") as f:
        f.write("項目,回答\n目標復旧時間,4時間\n備考," + "x" * (2 << 20) + "\n")


if __name__ == "__main__":
    main()
