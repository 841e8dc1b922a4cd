#!/usr/bin/python3
"""The pipeline a user would write in Python instead of kensa: the comparison of bench/run.sh.

    /usr/bin/python3 bench/python_pipeline.py --engine pdfminer|fitz FILE.pdf > answers.json

Text per page (pdfminer.six or PyMuPDF) -> unicodedata NFKC -> MeCab with IPAdic (every line
tokenized, as kensa tokenizes every passage for negation scope) -> a handful of `re` rules
(RTO, RPO, backup generations, availability, incident notification, data location, ISO 27001,
MFA, encryption, support hours) -> json.dumps with page and quote. Debian packages only:
python3-pdfminer, python3-fitz, python3-mecab, mecab-ipadic-utf8 (scripts/install-deps.sh --bench).

It is deliberately the plain version (no tables, no sections, no typed values): it measures the
cost of the same stack in Python, not its accuracy. Exit 0 on success, 2 on a usage error.
"""
import argparse
import json
import re
import sys
import unicodedata

IPADIC = "/var/lib/mecab/dic/ipadic-utf8"

# (field, compiled pattern). A `value` group is the answer.
RULES = [
    ("rto", re.compile(r"(?:RTO|目標復旧時間)[^0-9。]{0,20}?(?P<value>\d+(?:\.\d+)?\s*(?:分|時間|日|営業日))")),
    ("rpo", re.compile(r"(?:RPO|目標復旧時点)[^0-9。]{0,20}?(?P<value>\d+(?:\.\d+)?\s*(?:分|時間|日))")),
    ("backup_generations", re.compile(r"(?P<value>\d+)\s*世代")),
    ("availability", re.compile(r"(?:稼働率|可用性|SLA)[^0-9。]{0,20}?(?P<value>\d{2}(?:\.\d+)?)\s*%")),
    ("incident_notification", re.compile(r"(?:インシデント|障害|事故)[^。]{0,30}?(?P<value>\d+\s*(?:分|時間|営業日|日))以内[^。]{0,10}?(?:通知|報告|連絡)")),
    ("data_location", re.compile(r"(?P<value>国内|日本国内|東京|大阪)[^。]{0,15}?(?:データセンター|リージョン|保管|保存)")),
    ("certifications", re.compile(r"(?P<value>ISO\s*/?\s*(?:IEC\s*)?27001|ISO\s*/?\s*(?:IEC\s*)?27017|ISMAP|SOC\s*2|プライバシーマーク)")),
    ("mfa", re.compile(r"(?P<value>多要素認証|二要素認証|2要素認証|MFA)")),
    ("encryption_at_rest", re.compile(r"(?P<value>AES\s*-?\s*256|保存(?:時|データ)[^。]{0,10}?暗号化)")),
    ("support_hours", re.compile(r"(?P<value>\d{1,2}:\d{2}\s*[〜~\-]\s*\d{1,2}:\d{2})")),
]
NEGATIONS = {"ない", "ず", "ぬ", "ん"}


def pages_pdfminer(path):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    for layout in extract_pages(path):
        yield "".join(el.get_text() for el in layout if isinstance(el, LTTextContainer))


def pages_fitz(path):
    import fitz
    with fitz.open(path) as doc:
        for page in doc:
            yield page.get_text("text")


def tokens(tagger, line):
    """Returns (surface, part of speech, base form) for every morpheme of the line."""
    out = []
    node = tagger.parseToNode(line)
    while node:
        if node.surface:
            feature = node.feature.split(",")
            out.append((node.surface, feature[0], feature[6] if len(feature) > 6 else node.surface))
        node = node.next
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("pdfminer", "fitz"), required=True)
    parser.add_argument("file")
    args = parser.parse_args()

    import MeCab
    tagger = MeCab.Tagger(f"-d {IPADIC} -r /dev/null")
    reader = pages_pdfminer if args.engine == "pdfminer" else pages_fitz

    fields = {}
    page_count = token_count = 0
    for page_number, text in enumerate(reader(args.file), start=1):
        page_count = page_number
        for line in unicodedata.normalize("NFKC", text).splitlines():
            line = line.strip()
            if not line:
                continue
            toks = tokens(tagger, line)
            token_count += len(toks)
            negated = any(pos == "助動詞" and base in NEGATIONS for _, pos, base in toks)
            for field, pattern in RULES:
                for m in pattern.finditer(line):
                    finding = {"value": m.group("value"), "page": page_number, "quote": line[:200]}
                    if negated:
                        finding["negated"] = True
                    if finding not in fields.setdefault(field, []):
                        fields[field].append(finding)

    json.dump({"document": {"path": args.file, "pages": page_count, "tokens": token_count},
               "fields": fields}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
