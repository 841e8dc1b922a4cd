#!/usr/bin/env bash
# kensa review in a real browser: Debian's headless Chromium opens the review page of each sample
# below (PDFs, and a text file) from a file:// URL, and the DOM it built is checked against the
# sample's expected answers (samples/*.expected.json, non-optional entries): every catalogue field
# has its row with its Japanese label, every expected value is a row of its field (compared as the
# scorer compares: 24 hours == 1 day), each row links to an evidence block that shows its page (a
# PDF: the page picture, embedded once as a data: URI and framed; a text file: its lines, the
# passage marked), fields without answers say 記載なし, nothing is fetched from elsewhere, and the
# page's one script ran (its Content-Security-Policy allows it by hash).
# A screenshot of each page is saved in the build directory (review-browser/NAME.png).
#
# Usage: tests/review_browser_test.sh KENSA SOURCE_DIR OUT_DIR
# Exits 77 (CTest: skipped) only when Chromium is not installed or cannot start here; every other
# problem is a failure.
set -u
kensa=$1 source_dir=$2 out_dir=$3
chromium=${KENSA_CHROMIUM:-/usr/bin/chromium}

if [[ ! -x "$chromium" ]]; then
  echo "SKIP: $chromium is not installed (scripts/install-deps.sh installs Debian's chromium)"
  exit 77
fi
mkdir -p "$out_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# browser ARGS…: headless Chromium with its own throw-away profile, bounded in time.
browser() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
    --disable-extensions --disable-sync --hide-scrollbars --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

if ! browser --dump-dom "data:text/html,<p>ok</p>" | grep -q "<p>ok</p>"; then
  echo "SKIP: $chromium cannot run here:"
  tail -5 "$work/chromium.log"
  exit 77
fi

"$kensa" fields --json >"$work/fields.json" || { echo "FAIL kensa fields --json"; exit 1; }

samples=(
  "$source_dir/samples/002_ae363bfb9f19e15c.pdf|$source_dir/samples/002_ae363bfb9f19e15c.expected.json"
  "$source_dir/samples/104_brochure_hanabi.pdf|$source_dir/samples/104_brochure_hanabi.expected.json"
  "$source_dir/samples/106_mic_harborline.pdf|$source_dir/samples/106_mic_harborline.expected.json"
  "$source_dir/samples/src/101_faq_hachidesk.txt|$source_dir/samples/101_faq_hachidesk.expected.json"
)
failed=0
for entry in "${samples[@]}"; do
  document=${entry%%|*} expected=${entry#*|}
  name=$(basename "${document%.*}")
  page="$work/$name.review.html"
  start=$(date +%s%N)
  if ! "$kensa" review "$document" -o "$page" 2>"$work/$name.err"; then
    echo "FAIL $name: kensa review exited $?: $(cat "$work/$name.err")"
    failed=$((failed + 1))
    continue
  fi
  millis=$((($(date +%s%N) - start) / 1000000))
  if ! browser --dump-dom "file://$page" >"$work/$name.dom.html" || [[ ! -s "$work/$name.dom.html" ]]; then
    echo "FAIL $name: chromium could not load the page"
    failed=$((failed + 1))
    continue
  fi
  rm -f "$out_dir/$name.png"
  browser --screenshot="$out_dir/$name.png" --window-size=1400,1800 "file://$page" >/dev/null
  if ! /usr/bin/python3 - "$work/$name.dom.html" "$expected" "$work/fields.json" "$out_dir/$name.png" "$document" <<'EOF'
import html.parser, json, os, sys

dom_path, expected_path, fields_path, screenshot, document = sys.argv[1:]
problems = []

class Dom(html.parser.HTMLParser):
    """Collects, from the DOM Chromium dumped, the field bodies, their rows and the evidence blocks."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bodies = {}      # field id -> {"class", "text", "rows": [{"value", "evidence", "text"}]}
        self.evidence = {}    # id -> {"uses": [...], "text", "rects", "marks", "passages"}
        self.images = {}      # page id -> href
        self.external = []
        self.scripts = 0
        self.html_class = ""
        self.body = self.row = self.article = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            v = a.get(key) or ""
            if v.startswith(("http:", "https:", "//", "ftp:")):
                self.external.append(v)
        if tag == "script":
            self.scripts += 1
        if tag == "html":
            self.html_class = a.get("class") or ""
        if tag == "tbody" and a.get("data-field"):
            self.body = self.bodies.setdefault(a["data-field"], {"class": a.get("class", ""), "text": "", "rows": []})
        elif tag == "tr" and self.body is not None and "finding" in (a.get("class") or ""):
            self.row = {"value": a.get("data-value"), "evidence": a.get("data-evidence"), "text": ""}
            self.body["rows"].append(self.row)
        elif tag == "article" and "evidence" in (a.get("class") or ""):
            self.article = self.evidence.setdefault(a.get("id"), {"uses": [], "text": "", "rects": 0, "marks": 0, "passages": 0})
        elif tag == "use" and self.article is not None:
            self.article["uses"].append(a.get("href") or a.get("xlink:href"))
        elif tag == "rect" and self.article is not None and "hit" in (a.get("class") or ""):
            self.article["rects"] += 1
        elif tag == "mark" and self.article is not None:
            self.article["passages" if "passage" in (a.get("class") or "") else "marks"] += 1
        elif tag == "image" and (a.get("id") or "").startswith("page-"):
            self.images[a["id"]] = a.get("href") or a.get("xlink:href") or ""
    def handle_endtag(self, tag):
        if tag == "tbody":
            self.body = None
        elif tag == "tr":
            self.row = None
        elif tag == "article":
            self.article = None
    def handle_data(self, data):
        if self.body is not None:
            self.body["text"] += data
        if self.row is not None:
            self.row["text"] += data
        if self.article is not None:
            self.article["text"] += data

dom = Dom()
dom.feed(open(dom_path, encoding="utf-8").read())

MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080}
def canonical(value):
    """A value as the scorer compares it: durations in minutes where units are exact multiples."""
    if isinstance(value, dict) and "unit" in value and value["unit"] in MINUTES:
        k = MINUTES[value["unit"]]
        return ("d", round(value["amount"] * k, 6), round(value.get("upto", value["amount"]) * k, 6))
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, float):
        return round(value, 6)
    return value

catalogue = json.load(open(fields_path, encoding="utf-8"))
for field in catalogue:
    body = dom.bodies.get(field["id"])
    if body is None:
        problems.append("no row for field %s" % field["id"])
        continue
    if field["label_ja"] not in body["text"]:
        problems.append("%s: the label %s is not shown" % (field["id"], field["label_ja"]))
    if not body["rows"] and "記載なし" not in body["text"]:
        problems.append("%s: no answer and no 記載なし" % field["id"])
if len(dom.bodies) != len(catalogue):
    problems.append("%d field bodies for %d fields" % (len(dom.bodies), len(catalogue)))

is_pdf = document.lower().endswith(".pdf")
expected = json.load(open(expected_path, encoding="utf-8"))["fields"]
checked = 0
for field, findings in expected.items():
    for finding in findings:
        if finding.get("optional"):
            continue
        checked += 1
        rows = dom.bodies.get(field, {}).get("rows", [])
        match = [r for r in rows if r["value"] and canonical(json.loads(r["value"])) == canonical(finding["value"])]
        if not match:
            problems.append("%s: expected %s, the page shows %s" % (field, json.dumps(finding["value"], ensure_ascii=False),
                                                                     [r["value"] for r in rows] or "記載なし"))
            continue
        row = match[0]
        if not row["text"].strip():
            problems.append("%s: the row of %s shows no text" % (field, finding["value"]))
        article = dom.evidence.get(row["evidence"])
        if article is None:
            problems.append("%s: the row links to %s, which is not on the page" % (field, row["evidence"]))
            continue
        if is_pdf:
            if not article["uses"] or article["uses"][0].lstrip("#") not in dom.images:
                problems.append("%s: the evidence %s shows no page picture" % (field, row["evidence"]))
            if article["rects"] == 0:
                problems.append("%s: the evidence %s frames nothing on its page" % (field, row["evidence"]))
        elif article["passages"] == 0:
            problems.append("%s: the evidence %s marks no passage in its page text" % (field, row["evidence"]))

if checked == 0:
    problems.append("no expected answers checked")
for page_id, href in dom.images.items():
    if not href.startswith("data:image/png;base64,"):
        problems.append("%s is not an embedded PNG" % page_id)
if is_pdf and not dom.images:
    problems.append("no page pictures")
if len(set(dom.images.values())) != len(dom.images):
    problems.append("a page picture is embedded twice")
if dom.external:
    problems.append("external references: %s" % dom.external[:3])
if dom.scripts != 1:
    problems.append("%d scripts (one inline script expected)" % dom.scripts)
# The script marks <html> when it ran: the page's Content-Security-Policy let it (by its hash).
if "js" not in dom.html_class.split():
    problems.append("the page's script did not run (Content-Security-Policy hash?)")
# A blank or failed render compresses to a few KiB; a page of text and pictures does not.
if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 40000:
    problems.append("screenshot missing or blank: %s" % screenshot)

for p in problems:
    print("FAIL %s: %s" % (os.path.basename(document), p))
print("%s: %d expected answers, %d fields, %d page pictures checked in Chromium's DOM" %
      (os.path.basename(document), checked, len(catalogue), len(dom.images)))
sys.exit(1 if problems else 0)
EOF
  then
    failed=$((failed + 1))
  fi
  echo "  $name: review page $(($(stat -c %s "$page") / 1024)) KiB, written in ${millis} ms; screenshot $out_dir/$name.png"
done

if ((failed)); then
  echo "review browser test: $failed of ${#samples[@]} samples failed"
  exit 1
fi
echo "review browser test: ${#samples[@]} samples passed"
