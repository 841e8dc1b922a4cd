#!/usr/bin/python3
"""The samples rendered as Excel, Word and CSV (samples/office/, scripts/make-office-samples.py) give
the answers of their PDF or text: for each rendering, the (field, value) pairs kensa extracts equal the
PDF's, except where the expected answers say the rendering is the right one (a value the PDF's layout
lost, or a value read from a PDF's run-together cells that is no answer). Every finding of a
rendering names where it stands: the sheet and cell of a workbook, the paragraph or table cell of a
Word file, the cell of a CSV.

Usage: office_samples_test.py KENSA SOURCE_DIR
"""
import collections
import json
import os
import subprocess
import sys


def extract(kensa, path):
    run = subprocess.run([kensa, "extract", "--compact", path], capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise SystemExit(f"FAIL: kensa extract {path} exited {run.returncode}: {run.stderr.strip()}")
    return json.loads(run.stdout)


def pairs(document):
    found = collections.Counter()
    for field, findings in document["fields"].items():
        for f in findings:
            found[(field, json.dumps(f["value"], sort_keys=True, ensure_ascii=False))] += 1
    return found


def expected_pairs(path):
    """The expected (field, value) pairs, and those of them that are required (not "optional")."""
    with open(path, encoding="utf-8") as f:
        expected = json.load(f)
    every, required = set(), set()
    for field, items in expected["fields"].items():
        for e in items:
            pair = (field, json.dumps(e["value"], sort_keys=True, ensure_ascii=False))
            every.add(pair)
            if not e.get("optional"):
                required.add(pair)
    return every, required


# Differences known and not fixed yet, as (stem, field, value JSON) with the reason for each; any
# other difference fails the test. None today.
KNOWN = set()

def location_problem(path, document):
    kind = os.path.splitext(path)[1]
    for field, findings in document["fields"].items():
        for f in findings:
            if kind in (".xlsx", ".xlsm") and not (f.get("sheet") and f.get("cell")):
                return f"{field} finding without sheet and cell: {f}"
            if kind == ".docx" and not (f.get("paragraph") or (f.get("table") and f.get("cell"))):
                return f"{field} finding without paragraph or table cell: {f}"
            if kind in (".csv", ".tsv") and not f.get("cell"):
                return f"{field} finding without cell: {f}"
    return None


def main():
    kensa, source = sys.argv[1], sys.argv[2]
    office = os.path.join(source, "samples", "office")
    failures, compared = [], 0
    for name in sorted(os.listdir(office)):
        stem, ext = os.path.splitext(name)
        if ext not in (".xlsx", ".xlsm", ".docx", ".csv", ".tsv"):
            continue
        original = next((os.path.join(source, "samples", stem + e) for e in (".pdf", ".txt")
                         if os.path.exists(os.path.join(source, "samples", stem + e))), None)
        rendering = extract(kensa, os.path.join(office, name))
        problem = location_problem(name, rendering)
        if problem:
            failures.append(f"{name}: {problem}")
        if not original:
            continue  # written as an Office file (801, 802): scored by kensa regress only
        compared += 1
        expected, required = expected_pairs(os.path.join(source, "samples", stem + ".expected.json"))
        ours, theirs = pairs(rendering), pairs(extract(kensa, original))
        for pair in ours - theirs:
            if pair not in expected:
                failures.append(f"{name}: {pair} found, but not in {os.path.basename(original)} nor expected")
        for pair in theirs - ours:
            if pair in required and (stem,) + pair not in KNOWN:
                failures.append(f"{name}: {pair} of {os.path.basename(original)} (expected) not found")
        better = len([p for p in ours - theirs]) + len([p for p in theirs - ours])
        print(f"{name}: {'same answers' if not better else f'{better} differences, each one the expected answers side with'}")
    # The review page: a workbook's findings framed in their sheet's table, a Word file's passages marked.
    for name, needle, share in (("801_meti_checksheet.xlsx", 'class="evidence-cell"', 0.9),
                                ("802_whitepaper.docx", 'mark class="passage"', 0.9)):
        path = os.path.join(office, name)
        page = subprocess.run([kensa, "review", path, "-o", "-"], capture_output=True, text=True, timeout=120).stdout
        findings = sum(len(v) for v in extract(kensa, path)["fields"].values())
        if page.count(needle) < share * findings:
            failures.append(f"review of {name}: {page.count(needle)} of {findings} findings shown with {needle}")
        else:
            print(f"review of {name}: {page.count(needle)} of {findings} findings shown with {needle}")
    for failure in failures:
        print("FAIL: " + failure)
    print(f"{compared} renderings compared with their PDF or text; {len(failures)} failures")
    return 1 if failures or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
