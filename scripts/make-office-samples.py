#!/usr/bin/python3
"""Makes the Office samples of samples/office/ (Word .docx, Excel .xlsx and .csv).

1. Ten hand-written samples, samples/src/<base>.txt, rendered twice: samples/office/<base>.docx
   (python-docx) and samples/office/<base>.xlsx (openpyxl). The text is the PDF's text, so their answers
   are the PDF's: samples/office/<base>.expected.json is a relative symlink to ../<base>.expected.json.
   - docx: each line one paragraph (a blank line an empty paragraph); a run of consecutive lines holding
     tabs one Word table (cells split at the tabs, short rows padded with empty cells, style Table Grid,
     first row bold); a form feed a paragraph holding a page break (what Ctrl+Enter makes); a short
     numbered line without 。 ("1. …", "1.2 …", "5.1.1 …", "第1章…", "【…】", "■ …") a Heading 1/2/3 by
     its depth; a line beginning with "・" or "- " a List Bullet paragraph with the marker removed (Word
     draws the bullet).
   - xlsx: one sheet per form-feed piece ("P1", "P2", …); each line one row, its tab-separated cells in
     columns A, B, C…, prose in column A; cells of bare integers (table numbers "1", "12") written as
     numbers; long table cells wrapped. Saved in the layout Excel writes (strings in xl/sharedStrings.xml),
     except 506 and 604, kept as openpyxl writes them (strings inline in each cell): a reader meets both.
2. Two tab-separated text samples, samples/<base>.txt, written as CSV (comma-separated, quoted where
   needed) with symlinked answers: 601 as UTF-8 with a BOM, rows as they are; 603 as CP932 the way Excel
   saves it (every row padded with empty fields to the widest row, CRLF).
3. Two documents written for this script, whose answers were written by hand beside them
   (samples/office/80N_*.expected.json; this script never writes those):
   - 801_meti_checksheet.xlsx: a fictional vendor's answer to METI's クラウドサービスレベルのチェックリスト:
     an instructions sheet (記入要領, issue dates as real date cells), then the checklist with 種別/区分
     as merged cells, 有無 symbols, values split between 測定単位 and 設定値, a percent as a number.
   - 802_whitepaper.docx: a fictional SaaS vendor's security whitepaper: a cover page with a text box,
     headings by style, tables, bullet lists, page breaks, header and footer.

Deterministic: document properties carry a fixed date and every zip entry a fixed timestamp, so a re-run
gives the same bytes (with the same python-docx, openpyxl and zlib).

Usage: /usr/bin/python3 scripts/make-office-samples.py [OUT_DIR]   (default: samples/office)
Needs: python3-openpyxl, python3-docx (Debian packages; the pyenv python3 lacks them).
"""
import csv
import datetime
import io
import os
import pathlib
import re
import sys
import unicodedata
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from lxml import etree

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SRC = SAMPLES / "src"

# Samples with tables and prose (checklists, SLO tables, whitepapers, a manual, a policy).
RENDERED = [
    "103_meti_kotonoha",
    "105_whitepaper_yamabiko",
    "106_mic_harborline",
    "107_iso27017_stellarforms",
    "201_sekirei_whitepaper",
    "202_minato_checksheet",
    "502_mic_answersheet",
    "506_slo_table",
    "604_ops_manual",
    "705_data_handling",
]
# Rendered workbooks kept exactly as openpyxl writes them (strings inline in the cells, absolute part
# names); every other workbook gets the layout Excel saves (shared strings): a reader meets both.
OPENPYXL_LAYOUT = {"506_slo_table", "604_ops_manual"}
# Tab-separated text samples kept as text in samples/: (encoding, pad rows like Excel).
CSV_SAMPLES = {
    "601_checklist_tsv": ("utf-8-sig", False),
    "603_security_checksheet": ("cp932", True),
}

# Fixed metadata: properties and zip entries never carry the time of the run.
FIXED_TIME = datetime.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
AUTHOR = "kensa samples"
JA_FONT = "游ゴシック"


# ----------------------------------------------------------------------------------------------
# Common helpers

def read_pages(base: str) -> list:
    """The lines of samples/src/<base>.txt, one list per form-feed piece (trailing blank lines dropped,
    as make-samples.sh drops them)."""
    text = (SRC / f"{base}.txt").read_text(encoding="utf-8").rstrip() + "\n"
    pages = []
    for piece in text.split("\f"):
        lines = piece.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        pages.append(lines)
    return pages


def blocks(lines: list) -> list:
    """Groups lines into ("table", [rows of cells]) for each run of lines holding tabs and
    ("line", text) for every other line."""
    out = []
    for line in lines:
        if "\t" in line:
            if out and out[-1][0] == "table":
                out[-1][1].append(line.split("\t"))
            else:
                out.append(("table", [line.split("\t")]))
        else:
            out.append(("line", line))
    return out


HEADING_NUMBER = re.compile(r"^(?:CLD\.)?(\d+(?:[.．]\d+)*)([.．])?([ 　]*)(.)")


def heading_level(line: str) -> int:
    """1–3 for a line that is plainly a heading in the text, 0 otherwise."""
    if not line or "\t" in line or "。" in line or len(line) > 50:
        return 0
    if re.search(r"\.{3,}|…|‥", line):  # table-of-contents lines with dot leaders
        return 0
    if re.match(r"^第[0-9０-９一二三四五六七八九十]+[章部]", line):
        return 1
    if re.match(r"^【[^】]+】$", line) or re.match(r"^[■◆]\s*\S", line):
        return 1
    m = HEADING_NUMBER.match(line)
    if m:
        depth = m.group(1).count(".") + m.group(1).count("．") + 1
        first = m.group(4)
        if first.isdigit() or first in ".．":
            return 0  # "2.4　2025/02/20 …" (a revision-history line), "1.5秒"
        if depth == 1 and not m.group(2):
            return 0  # "1時間…": a single number needs its period ("1. はじめに", "1．目的")
        if depth > 1 and not m.group(3) and not line.startswith("CLD."):
            return 0  # "1.2 本書": a dotted number needs a space after it
        return min(depth, 3)
    return 0


def bullet_text(line: str):
    """The text of a bulleted line without its marker, else None ("- 1 -" page footers are not bullets)."""
    if line.startswith("・") and len(line) > 1:
        return line[1:]
    if line.startswith("- ") and not re.match(r"^- .* -$", line):
        return line[2:]
    return None


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def normalize_zip(path: pathlib.Path, transform=None) -> None:
    """Rewrites a zip with every entry stamped ZIP_TIME (same order, deflated): the libraries stamp
    entries with the time of the run. transform, if given, maps the [(name, bytes)] entries first."""
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    if transform:
        entries = transform(entries)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def link_expected(out_dir: pathlib.Path, base: str) -> None:
    link = out_dir / f"{base}.expected.json"
    target = os.path.relpath(SAMPLES / f"{base}.expected.json", out_dir)
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target, link)


# ----------------------------------------------------------------------------------------------
# docx

def set_east_asian_font(style, name: str = JA_FONT) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml('<w:rFonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)


def new_document(title: str, author: str) -> docx.Document:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        set_east_asian_font(doc.styles[name])
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    return doc


def add_page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_table(doc, rows: list, header: bool = True, widths=None) -> None:
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(rows):
        for j in range(ncols):
            value = row[j] if j < len(row) else ""
            cell = table.cell(i, j)
            cell.text = value
            if header and i == 0 and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
            if widths:
                cell.width = widths[j]


def save_docx(doc, path: pathlib.Path) -> None:
    doc.save(path)
    normalize_zip(path)


def render_docx(base: str, path: pathlib.Path) -> None:
    doc = new_document(base, AUTHOR)
    for n, page in enumerate(read_pages(base)):
        if n:
            add_page_break(doc)
        for kind, content in blocks(page):
            if kind == "table":
                add_table(doc, content)
                continue
            level = heading_level(content)
            bullet = bullet_text(content)
            if level:
                doc.add_heading(content, level)
            elif bullet is not None:
                doc.add_paragraph(bullet, style="List Bullet")
            else:
                doc.add_paragraph(content)
    save_docx(doc, path)


# ----------------------------------------------------------------------------------------------
# xlsx

def new_workbook(title: str, author: str) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    props = wb.properties
    props.creator = author
    props.lastModifiedBy = author
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    return wb


SSML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHARED_STRINGS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def excel_layout(entries: list) -> list:
    """Gives an openpyxl workbook the layout Excel saves: this openpyxl (Debian's 3.0.9) writes every
    string inline in its cell (t="inlineStr", non-ASCII as character references) and names parts by
    absolute paths in xl/_rels/workbook.xml.rels; Excel keeps strings in xl/sharedStrings.xml (cells
    t="s" holding an index), writes UTF-8 with an XML declaration and uses relative targets."""
    parts = dict(entries)
    strings, index, refs = [], {}, 0
    names = [n for n, _ in entries]
    for name in names:
        if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
            continue
        root = etree.fromstring(parts[name])
        for c in root.iter(f"{{{SSML}}}c"):
            if c.get("t") != "inlineStr":
                continue
            inline = c.find(f"{{{SSML}}}is")
            text = "".join(inline.itertext())
            c.remove(inline)
            c.set("t", "s")
            if text not in index:
                index[text] = len(strings)
                strings.append(text)
            etree.SubElement(c, f"{{{SSML}}}v").text = str(index[text])
            refs += 1
        parts[name] = _xml(root)
    sst = etree.Element(f"{{{SSML}}}sst", nsmap={None: SSML}, count=str(refs), uniqueCount=str(len(strings)))
    for text in strings:
        t = etree.SubElement(etree.SubElement(sst, f"{{{SSML}}}si"), f"{{{SSML}}}t")
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    parts["xl/sharedStrings.xml"] = _xml(sst)
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    for rel in rels:
        if rel.get("Target", "").startswith("/xl/"):
            rel.set("Target", rel.get("Target")[len("/xl/"):])
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Type=SHARED_STRINGS_TYPE,
                     Target="sharedStrings.xml", Id=f"rId{len(rels) + 1}")
    parts["xl/_rels/workbook.xml.rels"] = _xml(rels)
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override", PartName="/xl/sharedStrings.xml",
                     ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
    parts["[Content_Types].xml"] = _xml(types)
    for name in ("xl/workbook.xml", "xl/styles.xml", "docProps/app.xml", "docProps/core.xml"):
        parts[name] = _xml(etree.fromstring(parts[name]))
    order = names[:names.index("xl/styles.xml") + 1] + ["xl/sharedStrings.xml"] + names[names.index("xl/styles.xml") + 1:]
    return [(n, parts[n]) for n in order]


def save_xlsx(wb, path: pathlib.Path, excel: bool = True) -> None:
    """excel=False keeps the workbook as openpyxl writes it (inline strings, absolute part names)."""
    wb.save(path)
    normalize_zip(path, excel_layout if excel else None)


def cell_value(text: str):
    if re.fullmatch(r"[1-9][0-9]{0,2}", text):
        return int(text)  # table numbers are numbers in a spreadsheet
    if text.startswith("="):
        raise ValueError(f"a cell would become a formula: {text!r}")
    return text


def render_xlsx(base: str, path: pathlib.Path) -> None:
    wb = new_workbook(base, AUTHOR)
    wb.remove(wb.active)
    for n, page in enumerate(read_pages(base)):
        ws = wb.create_sheet(f"P{n + 1}")
        widths = {}
        for r, line in enumerate(page, start=1):
            cells = line.split("\t")
            in_table = len(cells) > 1
            for c, text in enumerate(cells, start=1):
                if not text:
                    continue
                cell = ws.cell(row=r, column=c, value=cell_value(text))
                if in_table:
                    widths[c] = max(widths.get(c, 0), display_width(text))
                    cell.alignment = Alignment(vertical="top", wrap_text=display_width(text) > 40)
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, 6), 42)
    save_xlsx(wb, path, excel=base not in OPENPYXL_LAYOUT)


# ----------------------------------------------------------------------------------------------
# csv

def render_csv(base: str, path: pathlib.Path, encoding: str, pad: bool) -> None:
    lines = (SAMPLES / f"{base}.txt").read_text(encoding="utf-8").rstrip().split("\n")
    if any("\f" in line for line in lines):
        raise ValueError(f"{base}: a form feed has no place in a CSV")
    rows = [line.split("\t") if line else [] for line in lines]
    width = max(len(r) for r in rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row + [""] * (width - len(row)) if pad else row)
    path.write_bytes(buf.getvalue().encode(encoding))


# ----------------------------------------------------------------------------------------------
# 801: a METI cloud service-level checklist answered by a fictional vendor (data written here).

VENDOR_801 = "株式会社ルリカケ情報システム"
SERVICE_801 = "ルリカケ受発注クラウド"

INSTRUCTIONS_801 = [
    "本書は、経済産業省「SaaS向けSLAガイドライン」の「クラウドサービスレベルのチェックリスト」の項目に沿って、"
    f"{SERVICE_801}（以下「本サービス」）の対応状況をご回答するものです。",
    "「有無」欄は、チェックリスト本来の項目では「有」（定めている・実施している）、「無」（定めていない）、"
    "「該当なし」（本サービスに当てはまらない）で、当社が追加した項目では「○」（標準で提供）、「×」（提供していない）でお示ししています。",
    "「設定値」欄の数値の単位は、同じ行の「測定単位」欄のとおりです。特に記載のない値は当社の運用目標であり、保証値ではありません。",
    "「回答・補足」欄に「個別にご相談ください」とある項目は、ご契約の内容により異なります。営業担当までお問い合わせください。",
    "本書の内容は最終改訂日時点のものです。サービスの改善に伴い、予告なく変更する場合があります。",
]

HEADER_801 = ["種別", "区分", "項番", "サービスレベル項目", "規定内容", "測定単位", "有無", "設定値", "回答・補足"]

# (種別, 区分 or None, 項目, 規定内容, 測定単位, 有無, 設定値, 回答・補足). 種別 and 区分 are written as
# merged cells over their rows; a group without 区分 is merged over both columns. A float 設定値 is a
# percentage written as a number with a percent format.
PERCENT = object()
ITEMS_801 = [
    ("アプリケーション運用", "可用性", "サービス時間",
     "サービスを提供する時間帯（設備やネットワーク等の点検／保守のための計画停止時間の記述を含む）",
     "時間帯", "有", "24時間365日",
     "計画停止時間を除きます。\n定期保守枠：毎月第4土曜日 1:00～3:00"),
    ("アプリケーション運用", "可用性", "計画停止予定通知",
     "定期的な保守停止に関する事前連絡確認（事前通知のタイミング／方法の記述を含む）",
     "有無", "有", "7日前",
     "実施日の7日前までに、管理者宛てメールおよびログイン後のお知らせ欄でご案内します。\n緊急の保守はこの限りではありません。"),
    ("アプリケーション運用", "可用性", "計画停止時間",
     "年間の計画停止時間の上限",
     "時間", "有", 24,
     "定期保守枠（月2時間）の合計であり、年間24時間を超えることはありません。"),
    ("アプリケーション運用", "可用性", "サービス提供終了時の事前通知",
     "サービス提供を終了する場合の事前連絡確認（事前通知のタイミング／方法の記述を含む）",
     "有無", "有", "12か月前",
     "書面および電子メールで通知します。"),
    ("アプリケーション運用", "可用性", "サービス稼働率",
     "サービスを利用できる確率（（計画サービス時間－停止時間）÷計画サービス時間）",
     "稼働率（％）", "有", (PERCENT, 0.9995),
     "月間。計画停止時間を除きます。\n稼働率の実績は四半期ごとに当社Webサイトで公開しています。"),
    ("アプリケーション運用", "可用性", "稼働率未達時の措置",
     "稼働率が目標値を下回った場合の返金等の措置",
     "有無", "有", "－",
     "月間稼働率が99.95％未満の場合は月額利用料の10％、99.0％未満の場合は30％を返金します（お客様からのご請求が必要です）。"),
    ("アプリケーション運用", "可用性", "ディザスタリカバリ",
     "災害発生時のシステム復旧／サポート体制",
     "有無", "有", "－",
     "石狩第1ゾーンが被災した場合は、東京第1ゾーンに保管したバックアップから待機環境でサービスを再開します。"),
    ("アプリケーション運用", "可用性", "重大障害時の代替手段",
     "早期復旧が不可能な場合の代替措置",
     "有無", "－", "－",
     "個別にご相談ください。"),
    ("アプリケーション運用", "信頼性", "平均復旧時間（MTTR）",
     "障害発生から修理完了までの平均時間（修理時間の和÷故障回数）",
     "時間", "無", "－",
     "目標値は設けていません。\n（参考）2024年度実績：1.5時間"),
    ("アプリケーション運用", "信頼性", "目標復旧時間（RTO）",
     "障害発生後のサービス提供の再開に関して設定された目標時間",
     "時間", "有", "3／24",
     "単一障害（サーバ・ストレージ等の故障）の場合は3時間以内、\n"
     "広域災害（石狩第1ゾーン全体の停止）の場合は24時間以内にサービスを再開することを目標とします。"),
    ("アプリケーション運用", "信頼性", "障害発生件数",
     "1年間に発生した障害件数",
     "回", "有", 2,
     "2024年度実績（計画停止を除く）"),
    ("アプリケーション運用", "信頼性", "システム監視基準",
     "システム監視基準（監視内容／監視・通知基準）の設定に基づく監視",
     "有無", "有", "－",
     "死活監視・性能監視を24時間365日実施しています（監視間隔1分）。"),
    ("アプリケーション運用", "信頼性", "障害通知プロセス",
     "障害発生時の連絡プロセス（通知先／方法／経路）",
     "有無", "有", "－",
     "①ステータスページ（https://status.rurikake.example.jp）に掲載\n"
     "②ご登録の管理者メールアドレスへ通知\n"
     "③プレミアムサポート契約のお客様には、担当者から電話でご連絡"),
    ("アプリケーション運用", "信頼性", "障害通知時間",
     "異常検出後に指定された連絡先に通知するまでの時間",
     "時間", "有", "30分以内",
     "第一報の目標時間です。以降は原則として1時間ごとに続報を掲載します。"),
    ("アプリケーション運用", "信頼性", "ログの取得",
     "利用者に提供可能なログの種類（アクセスログ、操作ログ等）",
     "有無", "有", "－",
     "操作ログ・ログイン履歴を5年間保管しています。\n管理画面では直近6か月分を閲覧・CSV出力できます。"),
    ("アプリケーション運用", "性能", "応答時間",
     "処理の応答時間",
     "時間（秒）", "有", 3,
     "主要画面の表示時間（95パーセンタイル）の目標値"),
    ("サポート", None, "サービス提供時間帯（障害対応）",
     "障害対応時の問合せ受付業務を実施する時間帯",
     "時間帯", "有", "24時間365日",
     "障害専用ダイヤルで受け付けます。"),
    ("サポート", None, "サービス提供時間帯（一般問合せ）",
     "一般問合せ時の問合せ受付業務を実施する時間帯",
     "時間帯", "有", "平日 9:30～17:30",
     "土日祝日および年末年始（12月29日～1月3日）を除きます。\nメールは24時間受け付け、翌営業日以降に回答します。"),
    ("データ管理", None, "バックアップの方法",
     "バックアップ内容（回数、復旧方法など）、データ保管場所／形式、利用者のデータへのアクセス権など、利用者に所有権のあるデータの取扱方法",
     "有無／内容", "有", "－",
     "毎日3:00にフルバックアップを、6時間ごとに差分バックアップを取得し、東京第1ゾーンへ転送して保管します。"),
    ("データ管理", None, "バックアップデータを取得するタイミング（RPO）",
     "バックアップデータをとり、データを保証する時点",
     "時間", "有", 6,
     "最後に差分バックアップを取得した時点までのデータを復旧します。"),
    ("データ管理", None, "バックアップデータの保存期間",
     "データをバックアップした媒体を保管する期限",
     "時間", "有", "－",
     "フルバックアップ：31日間\n差分バックアップ：7日間"),
    ("データ管理", None, "バックアップ世代数",
     "保証する世代数",
     "世代数", "有", 31,
     "フルバックアップの世代数です。"),
    ("データ管理", None, "データ消去の要件",
     "サービス解約後の、データ消去の実施有無／タイミング、保管媒体の破棄の実施有無／タイミング、およびデータ移行など、利用者に所有権のあるデータの消去方法",
     "有無", "有", "－",
     "契約終了日から45日以内に、本番環境のお客様データを消去します。バックアップは保存期間の満了により順次消去されます。\n"
     "消去証明書は無償で発行します。"),
    ("データ管理", None, "データ保護のための暗号化要件",
     "データを保護するにあたり、暗号化要件の有無",
     "有無", "有", "－",
     "データベースおよびファイル領域をAES-256で暗号化しています。"),
    ("データ管理", None, "データ漏えい・破壊時の補償／保険",
     "データ漏えい・破壊時の補償／保険の有無",
     "有無", "－", "－",
     "個別にご相談ください。"),
    ("データ管理", None, "データの外部保存方針",
     "データ保存地の各種法制度の下におけるデータ取扱い及び利用に関する制約条件を把握しているか",
     "把握状況", "有", "日本国内",
     "さくらインターネット株式会社の「さくらのクラウド」（石狩第1ゾーン・東京第1ゾーン）を利用しています。"
     "国外のデータセンターへの保管・複製は行いません。"),
    ("セキュリティ", None, "公的認証取得の要件",
     "JIPDECやJQA等で認定している情報処理管理に関する公的認証（ISMS、プライバシーマーク等）が取得されていること",
     "有無", "有", "－",
     "ISO/IEC 27001：取得済\nISO/IEC 27017：取得済\nプライバシーマーク：取得済\nISMAP：未登録"),
    ("セキュリティ", None, "アプリケーションに関する第三者評価",
     "不正な侵入、操作、データ取得等への対策について、第三者の客観的な評価を得ていること",
     "有無／実施状況", "有", "年2回",
     "外部の専門事業者によるWebアプリケーション診断およびプラットフォーム診断を、上期・下期に各1回実施しています。"),
    ("セキュリティ", None, "通信の暗号化レベル",
     "システムとやりとりされる通信の暗号化強度",
     "有無", "有", "TLS 1.2以上",
     "TLS 1.0／1.1による接続は受け付けません。"),
    ("セキュリティ", None, "会計監査報告書における情報セキュリティ関連事項の確認",
     "会計監査報告書における情報セキュリティ関連事項の確認",
     "有無", "該当なし", "－",
     ""),
    ("セキュリティ", None, "セキュリティインシデント発生時の報告",
     "情報漏えい等のセキュリティインシデントを確認した際の利用者への報告",
     "時間", "有", "72時間以内",
     "確認から72時間以内に、ご契約の管理者様へメールおよび電話で第一報をお伝えします。"),
    ("認証・アクセス管理（当社追加項目）", None, "多要素認証",
     "ID・パスワードに加えた認証要素の有無",
     "－", "○", "－",
     "SMSまたは認証アプリによるワンタイムパスワードを、全プランで標準提供しています。"),
    ("認証・アクセス管理（当社追加項目）", None, "シングルサインオン",
     "外部IDプロバイダとの認証連携（SAML等）",
     "－", "×", "－",
     "現時点では提供していません。"),
    ("認証・アクセス管理（当社追加項目）", None, "接続元IPアドレス制限",
     "接続元IPアドレスによるアクセス制限",
     "－", "○", "－",
     "ビジネスプラン以上でご利用いただけます。"),
    ("契約（当社追加項目）", None, "準拠法",
     "利用契約の準拠法および管轄裁判所",
     "－", "有", "日本法",
     "管轄裁判所は札幌地方裁判所とします。"),
]


def make_801(path: pathlib.Path) -> None:
    wb = new_workbook(f"{SERVICE_801} クラウドサービスレベルのチェックリスト 回答書", VENDOR_801)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    group_fill = PatternFill("solid", fgColor="F2F2F2")
    top_wrap = Alignment(vertical="top", wrap_text=True)
    font = "游ゴシック"

    # Sheet 1: 記入要領
    ws = wb.active
    ws.title = "記入要領"
    ws["A1"] = "記入要領"
    ws["A1"].font = Font(name=font, size=14, bold=True)
    labels = [("サービス名", SERVICE_801), ("事業者名", VENDOR_801),
              ("初版発行日", datetime.date(2024, 4, 1)), ("最終改訂日", datetime.date(2025, 10, 1)),
              ("版数", "第3版")]
    for r, (label, value) in enumerate(labels, start=3):
        ws.cell(row=r, column=1, value=label).font = Font(name=font, bold=True)
        cell = ws.cell(row=r, column=2, value=value)
        cell.font = Font(name=font)
        cell.alignment = Alignment(horizontal="left")
        if label == "初版発行日":
            cell.number_format = '[$-411]ggge"年"m"月"d"日"'  # 和暦: 令和6年4月1日
        elif label == "最終改訂日":
            cell.number_format = 'yyyy"年"m"月"d"日"'  # 2025年10月1日
    ws.cell(row=9, column=1, value="記入にあたって").font = Font(name=font, bold=True)
    for i, text in enumerate(INSTRUCTIONS_801, start=1):
        ws.cell(row=9 + i, column=1, value=f"{i}.").alignment = Alignment(vertical="top", horizontal="right")
        cell = ws.cell(row=9 + i, column=2, value=text)
        cell.alignment = top_wrap
        cell.font = Font(name=font)
    ws.cell(row=16, column=1, value="お問い合わせ先").font = Font(name=font, bold=True)
    ws.cell(row=16, column=2, value=f"{VENDOR_801} 営業部　sales@rurikake.example.jp").font = Font(name=font)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 100

    # Sheet 2: the checklist
    ws = wb.create_sheet("チェックリスト")
    ncols = len(HEADER_801)
    last = get_column_letter(ncols)
    ws["A1"] = "クラウドサービスレベルのチェックリスト　回答書"
    ws["A1"].font = Font(name=font, size=14, bold=True)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = f"サービス名：{SERVICE_801}　／　事業者名：{VENDOR_801}"
    ws["A2"].font = Font(name=font)
    ws.merge_cells(f"A2:{last}2")
    header_row = 4
    for c, text in enumerate(HEADER_801, start=1):
        cell = ws.cell(row=header_row, column=c, value=text)
        cell.font = Font(name=font, bold=True)
        cell.fill = head_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first = header_row + 1
    for i, (kind, sub, item, rule, unit, mark, value, note) in enumerate(ITEMS_801):
        r = first + i
        row = [kind if i == 0 or ITEMS_801[i - 1][0] != kind else None,
               sub if sub and (i == 0 or ITEMS_801[i - 1][1] != sub) else None,
               i + 1, item, rule, unit, mark, None, note or None]
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if v is not None:
                cell.value = v
            cell.border = border
            cell.font = Font(name=font)
            cell.alignment = top_wrap
        cell = ws.cell(row=r, column=8)
        if isinstance(value, tuple) and value[0] is PERCENT:
            cell.value = value[1]
            cell.number_format = "0.00%"
        else:
            cell.value = value
        for c in (3, 7, 8):
            ws.cell(row=r, column=c).alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    # Merge 種別 (and 区分) over their rows; a 種別 without 区分 spans both columns.
    end = first + len(ITEMS_801) - 1
    start = first
    for i in range(len(ITEMS_801) + 1):
        if i == len(ITEMS_801) or (i and ITEMS_801[i][0] != ITEMS_801[i - 1][0]):
            r0, r1 = start, first + i - 1
            has_sub = ITEMS_801[r0 - first][1] is not None
            ws.merge_cells(start_row=r0, start_column=1, end_row=r1, end_column=1 if has_sub else 2)
            ws.cell(row=r0, column=1).fill = group_fill
            start = first + i
    start = first
    for i in range(len(ITEMS_801) + 1):
        if i == len(ITEMS_801) or (i and ITEMS_801[i][1] != ITEMS_801[i - 1][1]):
            r0, r1 = start, first + i - 1
            if ITEMS_801[r0 - first][1] is not None and r1 > r0:
                ws.merge_cells(start_row=r0, start_column=2, end_row=r1, end_column=2)
            start = first + i
    for c, w in enumerate([12, 8, 6, 24, 40, 12, 8, 14, 56], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = ws.cell(row=first, column=1)
    marks = DataValidation(type="list", formula1='"有,無,○,×,該当なし,－"', allow_blank=True)
    ws.add_data_validation(marks)
    marks.add(f"G{first}:G{end}")
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    save_xlsx(wb, path)


# ----------------------------------------------------------------------------------------------
# 802: a SaaS vendor's security whitepaper (data written here).

VENDOR_802 = "株式会社カワセミラボ"
TITLE_802 = "カワセミ点検　セキュリティと運用に関するホワイトペーパー"

TEXTBOX_802 = [
    ("本書に関するお問い合わせ", True),
    ("カワセミラボ サポートデスク", False),
    ("メール：support@kawasemi-lab.example.jp", False),
    ("受付時間：平日 8:30〜17:15（祝日・年末年始を除く）", False),
]

# ("h1"|"h2"|"p"|"bullets"|"table"|"break", content)
BODY_802 = [
    ("h1", "1. はじめに"),
    ("p", "本書は、株式会社カワセミラボ（以下「当社」）が提供する設備点検クラウド「カワセミ点検」（以下「本サービス」）の"
          "情報セキュリティ対策と運用体制を、導入をご検討中のお客様や情報システム部門のご担当者様に向けてまとめたものです。"
          "記載内容は発行日現在のものです。"),
    ("h2", "1.1 本サービスの概要"),
    ("p", "本サービスは、ビル・工場・商業施設などの設備点検を、スマートフォンやタブレットで記録・共有するためのサービスです。"
          "点検表の作成、写真付きの点検記録、不具合の是正管理、帳票の出力までを一つのサービスで行えます。"
          "2025年9月末現在、全国約3,200の事業所でご利用いただいています。"),
    ("h2", "1.2 システム構成"),
    ("p", "本サービスは、Google LLC が提供するパブリッククラウド Google Cloud 上で稼働しています。"
          "アプリケーションとデータベースは東京リージョン（asia-northeast1）に配置し、大阪リージョン（asia-northeast2）を"
          "災害時の復旧先としています。"),
    ("p", "点検記録や写真を含むお客様のデータは、上記の国内2リージョンにのみ保存しており、海外へ移転することはありません。"),
    ("h1", "2. 情報セキュリティ管理体制"),
    ("h2", "2.1 推進体制"),
    ("p", "代表取締役を責任者とするセキュリティ委員会を毎月開催し、リスクの評価、対策の進み具合、社内外で起きた事故の"
          "教訓などを確認しています。全従業員は入社時と毎年度に研修を受講し、受講の記録を人事部門が管理しています。"),
    ("h2", "2.2 外部認証・報告書"),
    ("p", "当社は本サービスを対象に次の認証を取得し、毎年、認証機関による維持審査を受けています。"),
    ("bullets", [
        "ISO/IEC 27001:2022（情報セキュリティマネジメントシステム）",
        "ISO/IEC 27017:2015（クラウドサービスのための情報セキュリティ管理策）",
        "SOC 2 Type 1 報告書（2025年6月受領。Type 2 報告書は2026年度の受領を目指しています）",
    ]),
    ("p", "ISMAP への登録は、現在のところ予定しておりません。なお、Google Cloud は ISMAP クラウドサービスリストに"
          "登録されているほか、ISO/IEC 27018 や SOC 1 などの認証・報告書を取得していますが、これらは基盤事業者としての"
          "ものであり、本サービスの認証ではありません。"),
    ("break", None),
    ("h1", "3. サービスレベル"),
    ("p", "本サービスでは、次の表のとおり運用の目標を定めています。いずれも目標値であり、返金などを伴う保証値ではありません。"),
    ("table", [
        ["項目", "目標", "補足"],
        ["稼働率（月間）", "99.9％", "計画メンテナンスの時間を除いて算出します"],
        ["計画メンテナンスのお知らせ", "実施の5営業日前まで", "アプリ内のお知らせとメールでご案内します"],
        ["障害発生時の最初のご連絡", "検知から20分以内", "ステータスページに掲載します"],
        ["障害からの復旧", "2時間以内", "東京リージョン内で復旧できる障害の場合"],
        ["広域災害時の復旧", "12時間以内", "大阪リージョンに切り替えて再開します"],
        ["アプリの起動時間", "平均1.2秒", "参考値（当社の標準端末で計測）"],
    ]),
    ("p", "なお、2024年度にサービスの利用に影響した障害は2件で、いずれも発生から47分以内に復旧しています。"),
    ("h2", "3.1 障害時のご連絡"),
    ("p", "障害を検知した場合は、まずステータスページ（https://status.kawasemi-lab.example.jp）で状況をお知らせし、"
          "あわせて次の方法でもご案内します。"),
    ("bullets", [
        "管理者アカウントに登録されたメールアドレスへの通知",
        "Web管理画面とスマートフォンアプリ上のバナー表示",
        "Chatwork への通知（管理画面で連携を設定したお客様のみ）",
    ]),
    ("p", "電話による個別のご連絡は行っておりません。復旧後は、原因と再発防止策をステータスページで公開します。"),
    ("break", None),
    ("h1", "4. データの保護"),
    ("h2", "4.1 バックアップ"),
    ("p", "データベースは、変更内容を常時記録する継続的バックアップの仕組みにより、障害の発生時点から最大15分前までの状態に"
          "戻すことができます。"),
    ("p", "これとは別に、データベース全体と点検写真を保存するストレージのバックアップを毎日夜間に作成し、大阪リージョンにも"
          "複製しています。"),
    ("h2", "4.2 暗号化"),
    ("p", "お客様の端末と本サービスとの間の通信には TLS を使用しており、バージョン 1.2 より古いプロトコルでの接続はお断りしています。"),
    ("p", "データベースやストレージに保管するデータは、Google Cloud の機能により AES-256 で暗号化されます。"),
    ("h2", "4.3 ご契約終了時のデータ"),
    ("p", "ご解約の手続きが完了した日から起算して3週間以内に、お客様のデータをすべて削除します。削除の前であれば、"
          "点検記録を CSV または PDF で一括ダウンロードしていただけます。"),
    ("h1", "5. アクセス管理"),
    ("bullets", [
        "ログインには、IDとパスワードに加えて、認証アプリに表示される6桁のコードによる二段階認証を設定できます。"
        "管理者は、全ユーザーへの適用を必須にできます。",
        "パスワードを5回続けて誤ると、アカウントを30分間ロックします。",
        "スマートフォンアプリのログイン状態は、最後の操作から8時間で失効します。",
        "接続元のIPアドレスを限定する機能はございません。代わりに、管理者が許可した端末以外からのログインを拒否する"
        "端末登録機能をご用意しています。",
    ]),
    ("h1", "6. 脆弱性への対応"),
    ("p", "外部のセキュリティ診断会社による Web アプリケーションとスマートフォンアプリの脆弱性診断を、四半期ごとに受けています。"
          "また、新しい版をリリースするたびに、自動の脆弱性スキャンを実施しています。"),
    ("h1", "7. セキュリティ事故への対応"),
    ("p", "不正アクセスや情報漏えいなどの事故を把握した場合は、影響の範囲を調査したうえで、速やかに管理者様へご連絡します。"
          "個人情報保護委員会への報告が必要な場合は、法令の定める期限内に行います。"),
    ("break", None),
    ("h1", "改訂履歴"),
    ("table", [
        ["版", "発行日", "主な変更"],
        ["第1版", "2023年9月1日", "初版"],
        ["第2版", "2024年7月16日", "4.1 に大阪リージョンへのバックアップ複製を追記"],
        ["第3版", "2025年11月4日", "2.2 の外部認証・報告書、3 のサービスレベルの表を更新"],
    ]),
    ("p", "以上"),
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _txbx_paragraphs() -> str:
    out = []
    for text, bold in TEXTBOX_802:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        out.append(f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
    return "".join(out)


def textbox_run_xml() -> str:
    """A floating text box as Word writes one: a DrawingML shape (wps) with a VML fallback, each
    holding the same w:txbxContent."""
    cx, cy = 5040000, 1260000  # 14 cm x 3.5 cm
    paras = _txbx_paragraphs()
    return (
        f'<w:r xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>360000</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="1" name="テキスト ボックス 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        '<v:shape id="テキスト ボックス 1" o:spid="_x0000_s1026" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:28.35pt;width:396.85pt;height:99.2pt;z-index:251659264;'
        'mso-position-horizontal:center;mso-position-horizontal-relative:margin" '
        'fillcolor="white" strokecolor="#1f4e79" strokeweight=".75pt">'
        f'<v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox>'
        '<w10:wrap type="topAndBottom" xmlns:w10="urn:schemas-microsoft-com:office:word"/>'
        '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def add_page_field(paragraph) -> None:
    """A PAGE field with its last computed value (1), as Word stores it."""
    for xml in ('<w:r xmlns:w="%s"><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r xmlns:w="%s"><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r xmlns:w="%s"><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r xmlns:w="%s"><w:t>1</w:t></w:r>',
                '<w:r xmlns:w="%s"><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml % W_NS))


def make_802(path: pathlib.Path) -> None:
    doc = new_document(TITLE_802, VENDOR_802)
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # the cover has no running header
    header = section.header.paragraphs[0]
    header.text = f"{TITLE_802}\t\t{VENDOR_802}"
    header.style = doc.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    add_page_field(footer)
    footer.add_run(" -")
    copyright_p = section.footer.add_paragraph("© 2025 Kawasemi Lab, Inc.")
    copyright_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for p in (header, footer, copyright_p):
        for run in p.runs:
            run.font.size = Pt(8)

    # Cover page
    for _ in range(4):
        doc.add_paragraph()
    doc.add_heading("カワセミ点検", 0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run("セキュリティと運用に関するホワイトペーパー")
    run.font.size = Pt(16)
    doc.add_paragraph()
    for text in ("第3版　2025年11月4日", VENDOR_802):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    anchor = doc.add_paragraph()
    anchor._p.append(parse_xml(textbox_run_xml()))
    add_page_break(doc)

    for kind, content in BODY_802:
        if kind == "h1":
            doc.add_heading(content, 1)
        elif kind == "h2":
            doc.add_heading(content, 2)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "bullets":
            for item in content:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            add_table(doc, content)
            doc.add_paragraph()
        elif kind == "break":
            add_page_break(doc)
        else:
            raise ValueError(kind)
    save_docx(doc, path)


# ----------------------------------------------------------------------------------------------

def main() -> int:
    out_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES / "office"
    out_dir.mkdir(parents=True, exist_ok=True)
    for base in RENDERED:
        for need in (SRC / f"{base}.txt", SAMPLES / f"{base}.pdf", SAMPLES / f"{base}.expected.json"):
            if not need.is_file():
                print(f"make-office-samples: missing {need}", file=sys.stderr)
                return 1
        render_docx(base, out_dir / f"{base}.docx")
        render_xlsx(base, out_dir / f"{base}.xlsx")
        link_expected(out_dir, base)
        print(f"{out_dir / base}.docx, .xlsx")
    for base, (encoding, pad) in CSV_SAMPLES.items():
        render_csv(base, out_dir / f"{base}.csv", encoding, pad)
        link_expected(out_dir, base)
        print(f"{out_dir / base}.csv ({encoding})")
    make_801(out_dir / "801_meti_checksheet.xlsx")
    print(f"{out_dir}/801_meti_checksheet.xlsx")
    make_802(out_dir / "802_whitepaper.docx")
    print(f"{out_dir}/802_whitepaper.docx")
    for base in ("801_meti_checksheet", "802_whitepaper"):
        if not (out_dir / f"{base}.expected.json").is_file():
            print(f"make-office-samples: warning: {base}.expected.json (written by hand) is missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
