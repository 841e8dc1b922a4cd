#!/usr/bin/python3
"""Two versions of several samples, end to end (issue 19's done-when).

Each case makes a later version of a sample's text (samples/src/) with known changes: an RTO
changed, a certification removed, a support window moved, a value reworded but equal (72時間 ->
3日), pages reordered, and a newer date. Then:
  - `kensa diff OLD NEW`: exit 1 when an answer changed, 0 when none did; its JSON lists exactly the
    changed fields; its text names each with both pages;
  - `kensa ingest` of all versions into one store, with no folder or option to group them: the
    documents' own statement of their service puts the two versions of each sample together, the
    ingest prints one "changed:" line per changed service, and `export --changes` lists exactly the
    changed fields of each service (latest = the later version); the CSV's changed_since_previous
    column says it too;
  - a document that names no service is grouped by the folder it sits in, `--service` names it, and
    `kensa service set` / `reset` correct and restore it;
  - `kensa review --db` of a later version marks its changed answers.

usage: versions_test.py KENSA SOURCE_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

KENSA, SOURCE = sys.argv[1], sys.argv[2]
failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(what + (": " + detail if detail else ""))
        print("FAIL", what, detail)


def run(*args, expect=None):
    p = subprocess.run([KENSA, *args], capture_output=True, text=True, timeout=300)
    if expect is not None:
        check(" ".join(args[:2]) + " exit " + str(expect), p.returncode == expect,
              f"got {p.returncode}: {p.stderr.strip()[:300]}")
    return p


def replace(text, old, new):
    assert old in text, f"the sample no longer holds {old!r}: update this test"
    return text.replace(old, new, 1)


def swap_pages(text, a, b):
    pages = text.split("\f")
    pages[a], pages[b] = pages[b], pages[a]
    return "\f".join(pages)


# name, sample, edits (old, new), page swap, the fields whose answers change
CASES = [
    ("yamabiko", "105_whitepaper_yamabiko",
     [("障害発生から4時間以内の復旧", "障害発生から8時間以内の復旧"),
      ("一般財団法人日本情報経済社会推進協会（JIPDEC）からプライバシーマークの付与を受けています（登録番号 第10825999号）。", ""),
      ("第2.0版　2025年1月20日", "第2.1版　2026年1月20日")],
     None, {"rto", "certifications"}),
    ("sekirei", "201_sekirei_whitepaper",
     [("の9:00から18:00まで", "の10:00から19:00まで"),
      ("72時間以内の復旧", "3日以内の復旧"),  # reworded, the same length of time
      ("第2.1版\n2025年6月2日", "第2.2版\n2026年6月1日")],
     None, {"support_hours"}),
    ("aoba", "302_aoba_keihi_slo_setsumei",
     [("第3.2版　2025年4月1日改定", "第3.3版　2026年4月1日改定")],
     (2, 3), set()),  # pages reordered: every answer moved, none changed
    ("hakobune", "502_mic_answersheet",
     [("ISMS認証の取得：取得済み（ISO/IEC 27001:2022）", "ISMS認証の取得：未取得"),
      ("契約終了日から90日以内", "契約終了日から30日以内"),
      ("開示情報の時点：2025年6月30日現在", "開示情報の時点：2026年6月30日現在")],
     None, {"certifications", "data_deletion"}),
]

work = tempfile.mkdtemp(prefix="kensa-versions-")
inbox = os.path.join(work, "in")
os.makedirs(inbox)
for name, sample, edits, swap, _ in CASES:
    text = open(os.path.join(SOURCE, "samples", "src", sample + ".txt"), encoding="utf-8").read()
    later = text
    for old, new in edits:
        later = replace(later, old, new)
    if swap:
        later = swap_pages(later, *swap)
    open(os.path.join(inbox, f"{name}-old.txt"), "w", encoding="utf-8").write(text)
    open(os.path.join(inbox, f"{name}-new.txt"), "w", encoding="utf-8").write(later)

# --- kensa diff on the files ---
for name, _, _, _, changed in CASES:
    old, new = os.path.join(inbox, f"{name}-old.txt"), os.path.join(inbox, f"{name}-new.txt")
    p = run("diff", old, new, "--json", expect=1 if changed else 0)
    try:
        got = {f["field"] for f in json.loads(p.stdout)["fields"]}
    except (ValueError, KeyError) as e:
        got = f"unreadable JSON ({e})"
    check(f"{name}: diff --json lists exactly the changed fields", got == changed, f"{got} != {changed}")
    p = run("diff", old, new, expect=1 if changed else 0)
    for field in changed:
        check(f"{name}: diff text names [{field}]", f"[{field}]\n" in p.stdout, p.stdout[:400])
    check(f"{name}: diff text shows both pages", not changed or ("旧 p." in p.stdout and "新 p." in p.stdout))
    check(f"{name}: diff text counts the fields", f"{len(changed)} field" in p.stdout, p.stdout[-200:])

# --- one ingest of every version; grouped by what the documents state ---
db = os.path.join(work, "kensa.db")
p = run("ingest", inbox, "--db", db, "--jobs", "2", expect=0)
changed_lines = [line for line in p.stderr.splitlines() if "fields changed:" in line or "field changed:" in line]
check("ingest prints one changed line per changed service",
      len(changed_lines) == sum(1 for c in CASES if c[4]), "\n".join(changed_lines) or p.stderr[-800:])
for line in changed_lines:
    check("a changed line names the newer file as the new version", "-new.txt" in line.split(" after ")[0], line)
check("ingest counts the services with a new version", f"{len(CASES)} services with a new version ({sum(1 for c in CASES if c[4])} with changed answers)" in p.stdout, p.stdout)

p = run("export", "--db", db, "--format", "jsonl", "--changes", expect=0)
services = [json.loads(line) for line in p.stdout.splitlines()]
check("export --changes has one entry per sample", len(services) == len(CASES),
      json.dumps([s["service"] for s in services], ensure_ascii=False))
for name, _, _, _, changed in CASES:
    mine = [s for s in services if os.path.basename(s["latest"]["path"]).startswith(name + "-")]
    if len(mine) != 1:
        check(f"{name}: one service holds both versions", False, f"{len(mine)} services")
        continue
    s = mine[0]
    check(f"{name}: latest is the later version", s["latest"]["path"].endswith(f"{name}-new.txt"), s["latest"]["path"])
    check(f"{name}: previous is the earlier version", s["previous"]["path"].endswith(f"{name}-old.txt"), s["previous"]["path"])
    check(f"{name}: export --changes lists exactly the changed fields", set(s["changed_fields"]) == changed,
          f"{s['changed_fields']} != {changed}")
    check(f"{name}: each change has both quotes or one side",
          all(("old" in c) or ("new" in c) for c in s["changes"]))

p = run("export", "--db", db, "--format", "csv", expect=0)
rows = list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines(True)))
for name, _, _, _, changed in CASES:
    new_row = next((r for r in rows if r["paths"].endswith(f"{name}-new.txt")), None)
    old_row = next((r for r in rows if r["paths"].endswith(f"{name}-old.txt")), None)
    if not new_row or not old_row:
        check(f"{name}: both versions exported", False)
        continue
    check(f"{name}: both versions carry one service name", new_row["service"] and new_row["service"] == old_row["service"],
          f"{old_row['service']!r} / {new_row['service']!r}")
    cell = new_row["changed_since_previous"]
    check(f"{name}: CSV says what changed since the previous version",
          (cell == "none") if not changed else all(f in cell for f in changed), cell)
    check(f"{name}: the first version has nothing to compare", old_row["changed_since_previous"] == "", old_row["changed_since_previous"])

# --- review of a later version marks its changes ---
review = os.path.join(work, "review.html")
run("review", "--db", db, os.path.join(inbox, "yamabiko-new.txt"), "-o", review, expect=0)
html = open(review, encoding="utf-8").read() if os.path.exists(review) else ""
check("review marks the changed RTO", 'class="change-mark" href="#c' in html and "前の版: 4時間" in html)
check("review lists the removed certification", 'class="removed"' in html)
check("review links the new quote to its evidence", "根拠とページへ" in html)

# --- no service stated: the folder, --service, and a reviewer's correction ---
plain = os.path.join(work, "plain", "経費ポータル")
os.makedirs(plain)
open(os.path.join(plain, "2025.txt"), "w", encoding="utf-8").write("サービスの月間稼働率は99.5%以上を目標とします。\n")
open(os.path.join(plain, "2026.txt"), "w", encoding="utf-8").write("サービスの月間稼働率は99.9%以上を目標とします。\n")
db2 = os.path.join(work, "plain.db")
p = run("ingest", os.path.join(work, "plain"), "--db", db2, "--jobs", "1", expect=0)
p = run("service", "list", "--db", db2, expect=0)
check("a document that names no service is grouped by its folder", p.stdout.startswith("経費ポータル  (2 versions; the folder it sits in)"), p.stdout)
check("the folder's versions show what changed", "changed: availability 99.5% → 99.9%" in p.stdout, p.stdout)
run("service", "set", "--db", db2, os.path.join(plain, "2025.txt"), "旧経費ポータル", expect=0)
p = run("service", "list", "--db", db2, expect=0)
check("service set moves a document to another service", "旧経費ポータル  (1 version; corrected by a reviewer)" in p.stdout, p.stdout)
run("service", "reset", "--db", db2, "2025.txt", expect=0)
p = run("service", "list", "--db", db2, expect=0)
check("service reset gives back what ingest found", "経費ポータル  (2 versions" in p.stdout and "旧経費ポータル" not in p.stdout, p.stdout)
run("service", "set", "--db", db2, "nothing.txt", "x", expect=2)
other = os.path.join(work, "other.txt")
open(other, "w", encoding="utf-8").write("RTOは4時間です。\n")
run("ingest", other, "--db", db2, "--service", "指定サービス", expect=0)
p = run("service", "list", "--db", db2, expect=0)
check("ingest --service names the service", "指定サービス  (1 version; given with ingest --service)" in p.stdout, p.stdout)

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
