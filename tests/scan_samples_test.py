#!/usr/bin/python3
"""The scanned samples (samples/scans/, scripts/make-scan-samples.py; issue 17): image-only PDFs that
kensa reads by OCR score a micro-F1 of at least MIN_F1 against their originals' expected answers, and
every finding carries its provenance: a page of its document, a quote and the id of its rule.

One `kensa regress SCANS --json --jobs 1` (one core: 16 pages, ~42 s), so the scores are the regress
command's own. A document that cannot be extracted fails the test.

Usage: scan_samples_test.py KENSA SCANS_DIR MIN_F1
"""
import json
import os
import subprocess
import sys


def page_count(pdf):
    """Returns the page count pdfinfo gives for pdf, or None when it cannot tell."""
    run = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    for line in run.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def provenance_problem(finding, pages):
    """Returns what the finding lacks of page, quote and rule (None when it has all three)."""
    page = finding.get("page")
    if not isinstance(page, int) or page < 1 or (pages is not None and page > pages):
        return f"page {page!r} not in 1..{pages}"
    if not finding.get("quote", "").strip():
        return "no quote"
    if not finding.get("rule"):
        return "no rule"
    return None


def main():
    kensa, scans, min_f1 = sys.argv[1], sys.argv[2], float(sys.argv[3])
    docs = os.path.join(scans, "docs")
    expected_documents = sorted(n for n in os.listdir(docs) if n.endswith(".pdf"))
    run = subprocess.run([kensa, "regress", scans, "--json", "--jobs", "1"], capture_output=True, text=True, timeout=900)
    if run.returncode not in (0, 1):
        print(f"FAIL: kensa regress {scans} exited {run.returncode}: {run.stderr.strip()}")
        return 1
    report = json.loads(run.stdout)
    failures = []
    documents = report["documents"]
    if sorted(d["document"] for d in documents) != expected_documents:
        failures.append(f"scored {[d['document'] for d in documents]}, not the scans of {docs}: {expected_documents}")
    findings = without = 0
    for d in documents:
        print(f"{d['document']:<32} TP {d['tp']:3} FP {d['fp']:3} FN {d['fn']:3} F1 {d['f1']:.3f}")
        if d.get("error"):
            failures.append(f"{d['document']}: not extracted: {d['error']}")
        pages = page_count(os.path.join(docs, d["document"]))
        for f in d["matched"] + d["false_positives"]:
            findings += 1
            problem = provenance_problem(f, pages)
            if problem:
                without += 1
                failures.append(f"{d['document']}: {f['field']} {json.dumps(f['value'], ensure_ascii=False)}: {problem}")
    total = report["total"]
    print(f"micro: TP {total['tp']} FP {total['fp']} FN {total['fn']} P {total['precision']:.3f} "
          f"R {total['recall']:.3f} F1 {total['f1']:.3f}; {findings - without} of {findings} findings with page, quote and rule")
    if total["f1"] < min_f1:
        failures.append(f"micro-F1 {total['f1']:.3f} is below {min_f1}")
    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
