#!/usr/bin/python3
"""Converts ../shared/gold/<basename>.json into samples/<basename>.expected.json.

The gold files answer the seed texts; the samples are PDFs made from those seeds
(scripts/make-samples.sh), so the expected findings are the gold findings with the document
pointing at the PDF and "evidence" renamed to the output contract's "quote". Values, conditions and
the optional flag are copied exactly; field and finding order are kept.

Usage: scripts/gold-to-expected.py [GOLD_DIR] [OUT_DIR]   (defaults: ../shared/gold, samples)
"""
import json
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent


def convert(gold: dict, basename: str) -> dict:
    fields = {}
    for field, findings in gold["fields"].items():
        out = []
        for finding in findings:
            item = {"value": finding["value"], "quote": finding["evidence"]}
            if "condition" in finding:
                item["condition"] = finding["condition"]
            if finding.get("optional"):
                item["optional"] = True
            out.append(item)
        fields[field] = out
    return {"document": {"path": f"samples/{basename}.pdf"}, "fields": fields}


def main() -> int:
    gold_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "gold"
    out_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "samples"
    out_dir.mkdir(parents=True, exist_ok=True)
    golds = sorted(p for p in gold_dir.glob("*.json"))
    if not golds:
        print(f"gold-to-expected: no gold files in {gold_dir}", file=sys.stderr)
        return 1
    for path in golds:
        basename = path.stem
        expected = convert(json.loads(path.read_text(encoding="utf-8")), basename)
        target = out_dir / f"{basename}.expected.json"
        target.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        count = sum(len(v) for v in expected["fields"].values())
        print(f"{target}: {len(expected['fields'])} fields, {count} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
