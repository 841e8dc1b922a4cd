#!/usr/bin/python3
"""The measuring half of bench/run.sh (which makes the PDFs and calls this): runs every command
itself and waits for it with os.wait4, so each run's wall time (perf_counter around the child),
user and system CPU time (rusage) and peak RSS (ru_maxrss, through GNU time: see run()) are the
kernel's figures for that command alone.

Noise on a shared machine is handled by pairing: for each PDF the tools run in rounds, each round
runs every tool once, in an order that rotates from round to round, and a ratio (kensa/pdftotext)
is computed inside each round before the median is taken. A warm-up run of every tool on every
input (not recorded) comes first, so the page cache and kensa's rule-check stamp are warm.

Writes the Markdown report to stdout and OUT/<stamp>.md, every run to OUT/<stamp>-raw.tsv.
Exit 0 done, 1 a measured command failed or (--smoke) a report column is missing, 2 usage.
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

STAGES = ["dictionary", "rule-compile", "read", "normalize", "passages", "tokens", "rules",
          "clean-up", "output", "total"]
TIMINGS_RE = re.compile(r"timings \(ms\): (.*)$", re.M)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


# ---------------------------------------------------------------------------------------------
# Running one command.

# The tables of the other inputs (write_scans, write_office); their header lines are checked by --smoke.
SCAN_COLUMNS = ["scan", "pages", "rounds", "OCR wall s/page", "OCR CPU s/page", "OCR RSS MiB",
                "text layer wall s/page", "text layer CPU s/page", "text layer RSS MiB",
                "pdftotext wall s/page", "pdftotext CPU s/page", "pdftotext RSS MiB", "OCR/text layer wall, paired"]
SCAN_MORE_COLUMNS = ["scan", "pages", "OCR read s/page", "OCR cores used", "core 0 wall s/page",
                     "core 0 CPU s/page", "core 0 RSS MiB", "core 0 / OCR wall", "--ocr never wall s/page",
                     "--ocr never CPU s/page", "--ocr never RSS MiB", "--ocr never / text layer wall"]
OFFICE_COLUMNS = ["Office file", "pages", "PDF pages", "rounds", "Office wall ms", "Office CPU ms", "Office RSS MiB",
                  "Office read ms", "PDF wall ms", "PDF CPU ms", "PDF RSS MiB", "PDF read ms",
                  "pdftotext wall ms", "pdftotext RSS MiB", "Office/PDF wall, paired"]


class Run:
    """One finished command: wall/user/sys seconds, peak RSS in KiB, exit status, stderr text."""

    def __init__(self, wall, user, sys_, maxrss_kib, status, stderr):
        self.wall, self.user, self.sys, self.rss, self.status, self.stderr = (
            wall, user, sys_, maxrss_kib, status, stderr)

    @property
    def cpu(self):
        return self.user + self.sys


def run(cmd, env=None, sampler=None, keep_stdout=False):
    """Runs cmd with stdout to /dev/null (or, keep_stdout, captured with stderr), stderr
    captured; returns a Run. A sampler(pid, stop) callable, if given, runs in a thread while the
    child lives (pid is GNU time's; the command is its child).

    The command runs under GNU time (`/usr/bin/time -f %M`) for one reason: peak RSS. On Linux a
    process's ru_maxrss starts from the RSS of the process that forked it (exec keeps the old
    mm's high-water mark), so a child forked from this Python process would report at least
    Python's own ~50 MiB; forked from the small `time` process it reports its own peak. Wall time
    (perf_counter) and CPU time (wait4's rusage, which includes the waited-for command) are taken
    here, in microseconds; `time` adds the same ~1 ms of fork/exec to every tool."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss.name] + list(cmd),
                                stdin=subprocess.DEVNULL,
                                stdout=err if keep_stdout else subprocess.DEVNULL,
                                stderr=err, env=env)
        stop = threading.Event()
        thread = None
        if sampler:
            thread = threading.Thread(target=sampler, args=(proc.pid, stop), daemon=True)
            thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped already: keep Popen quiet
        stop.set()
        if thread:
            thread.join()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        lines = rss.read().split()
        maxrss = int(lines[-1]) if lines and lines[-1].isdigit() else None
    return Run(wall, usage.ru_utime, usage.ru_stime, maxrss, os.waitstatus_to_exitcode(status), text)


def timings(stderr):
    """Returns {stage: ms} from a `kensa extract --timings` stderr, {} when absent."""
    m = TIMINGS_RE.search(stderr)
    if not m:
        return {}
    return {k: float(v) for k, v in re.findall(r"([a-z-]+)=([0-9.]+)", m.group(1))}


def timings_note(stderr):
    """Returns the remark kensa adds after its timings ("(… on a second thread …)"), or ""."""
    m = TIMINGS_RE.search(stderr)
    n = re.search(r"\((.*)\)\s*$", m.group(1)) if m else None
    return n.group(1) if n else ""


def ocr_note(stderr):
    """Returns what kensa's OCR warning says it read ("read pages 1-2 (mean word confidence 88%)"),
    "OCR unavailable: …" when it could not run, or "no OCR" when neither warning is there."""
    m = re.search(r"warning \[ocr\]: OCR (read pages? .*)$", stderr, re.M)
    if m:
        return m.group(1).strip()
    m = re.search(r"(OCR unavailable[^\n]*)", stderr)
    return m.group(1).strip() if m else "no OCR"


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def pdf_pages(path):
    """Returns the page count pdfinfo gives for a PDF."""
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(out.split("Pages:")[1].split()[0])


def vm_hwm_kib(pid):
    """Returns the VmHWM (own peak RSS, KiB) of a live process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


class SmapsSampler:
    """Reads /proc/PID/smaps of GNU time's child every 20 ms and keeps the snapshot with the
    largest total Rss: KiB per mapping (file name, or [heap], [anon], [stack])."""

    def __init__(self):
        self.best_total = 0
        self.best = {}

    def __call__(self, time_pid, stop):
        pid = None
        while not stop.is_set():
            if pid is None:
                kids = children(time_pid)
                pid = kids[0] if kids else None
            if pid is not None:
                snap = self.read(pid)
                total = sum(snap.values())
                if total > self.best_total:
                    self.best_total, self.best = total, snap
            stop.wait(0.02)

    @staticmethod
    def read(pid):
        out = {}
        name = "[anon]"
        try:
            with open(f"/proc/{pid}/smaps") as f:
                for line in f:
                    head = line.split()
                    if not head:
                        continue
                    if re.match(r"^[0-9a-f]+-[0-9a-f]+$", head[0]):
                        name = head[5] if len(head) > 5 else "[anon]"
                    elif head[0] == "Rss:":
                        out[name] = out.get(name, 0) + int(head[1])
        except OSError:
            pass
        return out


def worker_document(pid):
    """Returns the base name of the .pdf an ingest worker's command line names, or ""."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().decode("utf-8", "replace").split("\0")
    except OSError:
        return ""
    return next((os.path.basename(a) for a in args if a.lower().endswith(".pdf")), "")


class TreeSampler:
    """Polls a process and its descendants every 5 ms: the last VmHWM seen of the root (its own
    peak, monotonic) and the largest VmHWM seen of any descendant (a worker's own peak)."""

    def __init__(self):
        self.parent_kib = 0
        self.worker_kib = 0
        self.workers_seen = set()
        self.per_doc = {}   # the PDF a worker read (its command line names it) -> its peak, KiB
        self.doc_of = {}    # worker pid -> that PDF's base name ("" when none)

    def __call__(self, time_pid, stop):
        pid = None
        while not stop.is_set():
            if pid is None:   # the command is GNU time's only child
                kids = children(time_pid)
                if not kids:
                    stop.wait(0.001)
                    continue
                pid = kids[0]
            hwm = vm_hwm_kib(pid)
            if hwm:
                self.parent_kib = max(self.parent_kib, hwm)
            todo = children(pid)
            while todo:
                child = todo.pop()
                self.workers_seen.add(child)
                if not self.doc_of.get(child):   # read again until exec has named the PDF
                    self.doc_of[child] = worker_document(child)
                hwm = vm_hwm_kib(child)
                if hwm:
                    self.worker_kib = max(self.worker_kib, hwm)
                    doc = self.doc_of[child]
                    if doc:
                        self.per_doc[doc] = max(self.per_doc.get(doc, 0), hwm)
                todo.extend(children(child))
            stop.wait(0.005)


# ---------------------------------------------------------------------------------------------
# Figures.

def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def quartiles(xs):
    xs = sorted(x for x in xs if x is not None)
    if len(xs) < 4:
        return (xs[0], xs[-1]) if xs else (None, None)
    q = statistics.quantiles(xs, n=4)
    return q[0], q[2]


def fmt(x, digits=1, unit=""):
    if x is None:
        return "n/a"
    return f"{x:.{digits}f}{unit}"


def mib(kib):
    return None if kib is None else kib / 1024.0


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def busiest_processes(n=6):
    try:
        out = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "n/a"
    rows = [line.split(None, 1) for line in out.splitlines()[:n]]
    return ", ".join(f"{comm.strip()} {pcpu}%" for pcpu, comm in rows if len((pcpu, comm)) == 2)


# ---------------------------------------------------------------------------------------------
# The benchmark.

class Bench:
    def __init__(self, args):
        self.args = args
        self.kensa = args.kensa
        self.raw = []            # rows of the TSV
        self.report = []         # lines of the Markdown
        self.loads = []          # (section, loadavg) as the run goes
        self.jobs_distinct = None  # measure_jobs of --distinct-docs
        py_ok = subprocess.run(["/usr/bin/python3", "-c", "import fitz, pdfminer, MeCab"],
                               capture_output=True).returncode == 0
        self.python = py_ok and not args.no_python
        self.python_note = "" if py_ok else "python3-fitz/python3-pdfminer/python3-mecab missing"

    # One command per tool. stdout goes to /dev/null for all of them.
    def tools(self, pdf, with_pdfminer=True):
        t = {"kensa": [self.kensa, "extract", pdf, "--timings"],
             "pdftotext": ["pdftotext", pdf, "-"]}
        if self.python:
            t["py-fitz"] = ["/usr/bin/python3", os.path.join(HERE, "python_pipeline.py"),
                            "--engine", "fitz", pdf]
            if with_pdfminer:
                t["py-pdfminer"] = ["/usr/bin/python3", os.path.join(HERE, "python_pipeline.py"),
                                    "--engine", "pdfminer", pdf]
        return t

    def checked(self, cmd, what, **kw):
        r = run(cmd, **kw)
        if r.status != 0:
            sys.stderr.write(f"bench: {what}: exit {r.status}: {r.stderr.strip()[-500:]}\n")
            sys.exit(1)
        return r

    def record(self, section, name, pages, rnd, tool, r, extra=""):
        t = timings(r.stderr)
        self.raw.append([section, name, str(pages), str(rnd), tool, f"{r.wall:.4f}",
                         f"{r.user:.4f}", f"{r.sys:.4f}", str(r.rss),
                         ";".join(f"{k}={t[k]}" for k in STAGES if k in t), extra])

    def measure_pdf(self, pdf, pages, rounds, pdfminer_rounds, section):
        """Runs the rounds for one PDF; returns {tool: [Run per round]} (None where skipped)."""
        name = os.path.basename(pdf)
        tools = self.tools(pdf)
        for tool, cmd in tools.items():   # warm-up, not recorded
            if tool == "py-pdfminer" and pdfminer_rounds == 0:
                continue
            self.checked(cmd, f"{name}: warm-up {tool}")
        runs = {tool: [] for tool in tools}
        order = list(tools)
        for rnd in range(rounds):
            k = rnd % len(order)
            for tool in order[k:] + order[:k]:   # rotate the order every round
                if tool == "py-pdfminer" and rnd >= pdfminer_rounds:
                    runs[tool].append(None)
                    continue
                r = self.checked(tools[tool], f"{name}: {tool}")
                runs[tool].append(r)
                self.record(section, name, pages, rnd, tool, r)
        sys.stderr.write(f"bench: {name}: {rounds} rounds, load {loadavg()}\n")
        return runs

    @staticmethod
    def paired(runs, a, b, attr):
        """Median and quartiles of a/b computed round by round (rounds where both ran)."""
        ratios = [getattr(x, attr) / getattr(y, attr) for x, y in zip(runs.get(a, []), runs.get(b, []))
                  if x is not None and y is not None and getattr(y, attr) > 0]
        return median(ratios), quartiles(ratios), len(ratios)

    @staticmethod
    def med(runs, tool, attr):
        return median([getattr(r, attr) for r in runs.get(tool, []) if r is not None])

    @staticmethod
    def stage_medians(kruns):
        out = {}
        for s in STAGES:
            out[s] = median([timings(r.stderr).get(s) for r in kruns if r is not None])
        return out

    # -----------------------------------------------------------------------------------------
    def go(self):
        a = self.args
        started = datetime.datetime.now(datetime.timezone.utc)
        load_before = loadavg()
        busy_before = busiest_processes()
        self.loads.append(("start", load_before))

        with open(self.kensa, "rb") as f:
            self.kensa_sha = hashlib.sha256(f.read()).hexdigest()
        self.origin_mtime = os.stat(a.kensa_origin or self.kensa).st_mtime   # before anyone rebuilds it
        self.rules_before = self.rules_version()
        # Warm-up: the first run after a rules change also runs every rule's examples (~250 ms).
        self.checked([self.kensa, "extract", a.samples[0]], "warm-up")

        per_pdf = []   # (label, path, pages, runs, chars)
        inputs = [(os.path.basename(p), p, a.rounds, a.rounds) for p in a.samples]
        for label, path in (("pages-5", a.pages5), ("pages-50", a.pages50), ("pages-500", a.pages500),
                            ("pages-distinct", a.pages_distinct)):
            if path:
                big = label in ("pages-500", "pages-distinct")
                inputs.append((label + ".pdf", path, a.rounds_500 if big else a.rounds,
                               a.pdfminer_500 if big else a.rounds))
        if a.only == "other":
            inputs = []
        for label, path, rounds, pm_rounds in inputs:
            pages = pdf_pages(path)
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout
            chars = len(text.decode("utf-8", "replace"))
            runs = self.measure_pdf(path, pages, rounds, pm_rounds, "extract")
            per_pdf.append((label, path, pages, runs, chars, os.path.getsize(path)))
            self.loads.append((label, loadavg()))

        memory = []
        for label, path in (("pages-500.pdf", a.pages500), (os.path.basename(a.samples[0]), a.samples[0])):
            if path and a.only != "other":
                sampler = SmapsSampler()
                r = self.checked([self.kensa, "extract", path], f"{label}: memory breakdown", sampler=sampler)
                self.record("memory", label, 0, 0, "kensa (smaps sampled)", r)
                memory.append((label, r, sampler))
        startup = batch = jobs = several = None
        if a.only != "other":
            several = self.measure_several()
            self.loads.append(("several files", loadavg()))
            startup = self.measure_startup()
            self.loads.append(("start-up", loadavg()))
            batch = self.measure_batch_memory() if a.ingest_dir else None
            self.loads.append(("ingest memory", loadavg()))
            jobs = self.measure_jobs() if a.ingest_dir else None
            self.loads.append(("ingest jobs", loadavg()))
            if a.distinct_docs:
                self.jobs_distinct = self.measure_jobs(a.distinct_docs)
                self.loads.append(("ingest distinct", loadavg()))
        other = None
        if a.scans or a.office:
            other = dict(scans=self.measure_scans(), office=self.measure_office())

        self.rules_after = self.rules_version()
        load_after = loadavg()
        busy_after = busiest_processes()
        finished = datetime.datetime.now(datetime.timezone.utc)
        self.write_report(started, finished, load_before, load_after, busy_before, busy_after,
                          per_pdf, startup, batch, jobs, memory, other, several)

    def rules_version(self):
        """Returns document.rules_version (the fingerprint of patterns/) as kensa reports it."""
        out = subprocess.run([self.kensa, "extract", self.args.samples[0], "--compact"],
                             capture_output=True, text=True)
        try:
            return json.loads(out.stdout)["document"]["rules_version"]
        except (ValueError, KeyError):
            return "?"

    def measure_several(self):
        """Every sample in one call: `kensa extract S1 S2 …` (one process, JSON Lines) against
        `pdftotext` run once per sample, one after another, in rotated rounds."""
        samples = self.args.samples
        tools = {"kensa extract (one call)": [self.kensa, "extract", "--compact"] + samples,
                 "pdftotext (one process each)": ["sh", "-c", 'for f; do pdftotext "$f" /dev/null || exit 1; done', "sh"]
                 + samples}
        runs = self.rotated_rounds("samples, one call", len(samples), tools, self.args.rounds, "several",
                                   warm=list(tools))
        return len(samples), runs

    def measure_startup(self):
        """kensa extract on a one-line, one-page text file: wall, CPU, RSS and the --timings
        start-up stages; paired with `cat` of the same file as the floor of a process start."""
        tiny = os.path.join(self.args.work, "tiny.txt")
        with open(tiny, "w", encoding="utf-8") as f:
            f.write("サービスの目標復旧時間は1時間です。\n")
        cmds = {"kensa": [self.kensa, "extract", tiny, "--timings"], "cat": ["cat", tiny]}
        for tool, cmd in cmds.items():
            self.checked(cmd, f"tiny.txt: warm-up {tool}")
        runs = {t: [] for t in cmds}
        for rnd in range(self.args.rounds):
            order = list(cmds) if rnd % 2 == 0 else list(reversed(cmds))
            for tool in order:
                r = self.checked(cmds[tool], f"tiny.txt: {tool}")
                runs[tool].append(r)
                self.record("start-up", "tiny.txt", 1, rnd, tool, r)
        return runs

    def ingest(self, folder, jobs, label, rnd, section, docs):
        db = os.path.join(self.args.work, f"{section}-{label}-{rnd}.db")
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        sampler = TreeSampler()
        r = self.checked([self.kensa, "ingest", folder, "--db", db, "--jobs", str(jobs), "--quiet"],
                         f"ingest {folder}", sampler=sampler, keep_stdout=True)
        m = re.search(r"(\d+) stored, (\d+) failed", r.stderr)
        stored = int(m.group(1)) if m else -1
        if stored != docs:
            sys.stderr.write(f"bench: ingest {folder}: {stored} stored of {docs}: {r.stderr}\n")
            sys.exit(1)
        self.record(section, os.path.basename(folder), docs, rnd, f"ingest --jobs {jobs}", r,
                    f"parent_hwm_kib={sampler.parent_kib};worker_hwm_kib={sampler.worker_kib};"
                    f"workers_seen={len(sampler.workers_seen)}")
        os.remove(db)
        return r, sampler

    def subset(self, n):
        files = sorted(f for f in os.listdir(self.args.ingest_dir) if f.endswith(".pdf"))[:n]
        folder = os.path.join(self.args.work, f"ingest-{len(files)}")
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        for f in files:
            shutil.copyfile(os.path.join(self.args.ingest_dir, f), os.path.join(folder, f))
        return folder, len(files)

    def measure_batch_memory(self):
        """kensa ingest --jobs 1 of a small and a large folder, alternating: peak RSS of the
        parent (its VmHWM), of the largest worker (VmHWM, sampled every 5 ms) and of the whole
        tree (ru_maxrss of `kensa ingest` as GNU time reports it: Linux counts the largest of the
        process and its waited-for children)."""
        sizes = self.args.batch_sizes
        folders = [self.subset(n) for n in sizes]
        out = {n: [] for _, n in folders}
        for rnd in range(self.args.ingest_rounds):
            order = folders if rnd % 2 == 0 else list(reversed(folders))
            for folder, n in order:
                out[n].append(self.ingest(folder, 1, f"n{n}", rnd, "ingest-memory", n))
        return out

    @staticmethod
    def same_document_workers(batch):
        """Compares each document's worker peak in the smallest and the largest batch (median over
        rounds); returns MiB figures, or None when no document was seen in both."""
        ns = sorted(batch)
        if len(ns) < 2:
            return None

        def peaks(n):
            docs = {}
            for _, s in batch[n]:
                for d, kib in s.per_doc.items():
                    docs.setdefault(d, []).append(kib)
            return {d: median(v) for d, v in docs.items()}
        a, b = peaks(ns[0]), peaks(ns[-1])
        common = sorted(set(a) & set(b))
        if not common:
            return None
        diffs = [mib(b[d] - a[d]) for d in common]
        return dict(docs=len(common), n0=ns[0], n1=ns[-1], median=median(diffs),
                    largest=max(diffs, key=abs), low=mib(min(a[d] for d in common)),
                    high=mib(max(a[d] for d in common)))

    def measure_jobs(self, folder=None):
        """ingest --jobs 1 and 2, alternating; and in the same rounds the machine's own ceiling for
        two processes at once: pdftotext on every PDF of the folder, one at a time vs two at a time.
        The folder: all of --ingest-dir, or the one given."""
        if folder is None:
            folder, n = self.subset(10 ** 6)
        else:
            n = len([f for f in os.listdir(folder) if f.endswith(".pdf")])
        out = {1: [], 2: []}
        ceiling = {1: [], 2: []}
        for rnd in range(self.args.ingest_rounds):
            order = (1, 2) if rnd % 2 == 0 else (2, 1)
            for jobs in order:
                out[jobs].append(self.ingest(folder, jobs, f"j{jobs}", rnd, "ingest-jobs", n))
            for jobs in order:
                r = self.checked(["sh", "-c", 'find "$0" -name "*.pdf" -print0 | xargs -0 -P "$1" -I{} pdftotext {} /dev/null',
                                  folder, str(jobs)], f"pdftotext -P{jobs} {folder}")
                self.record("ingest-jobs", os.path.basename(folder), n, rnd, f"pdftotext -P{jobs}", r)
                ceiling[jobs].append(r)
        return n, out, ceiling

    # -----------------------------------------------------------------------------------------
    # Other inputs: image-only PDFs read by OCR, Office files; each beside the PDF it was made from.

    def rotated_rounds(self, name, pages, tools, rounds, section, warm, extra=None):
        """Runs every tool of tools ({tool: command}) once per round, the order rotated from round to
        round, after one unrecorded warm-up run of each tool named in warm; returns {tool: [Run per
        round]}. extra(tool, run), if given, fills the TSV's last column. Exits as checked() does."""
        for tool in warm:
            self.checked(tools[tool], f"{name}: warm-up {tool}")
        runs = {tool: [] for tool in tools}
        order = list(tools)
        for rnd in range(rounds):
            k = rnd % len(order)
            for tool in order[k:] + order[:k]:
                r = self.checked(tools[tool], f"{name}: {tool}")
                runs[tool].append(r)
                self.record(section, name, pages, rnd, tool, r, extra(tool, r) if extra else "")
        sys.stderr.write(f"bench: {name}: {rounds} rounds, load {loadavg()}\n")
        return runs

    def originals(self, files):
        """Pairs each file with --originals/<stem>.pdf; returns ([(file, original)], [files without one])."""
        found, missing = [], []
        for f in files:
            original = os.path.join(self.args.originals, os.path.splitext(os.path.basename(f))[0] + ".pdf")
            if os.path.isfile(original):
                found.append((f, original))
            else:
                missing.append(f)
        return found, missing

    def measure_scans(self):
        """For each image-only PDF of --scans: kensa reading it by OCR (`--ocr auto`, one OCR thread
        per core), the same pinned to core 0 (taskset), kensa with `--ocr never` (no OCR: the pages
        are marked unreadable after each is drawn at 100 dpi to tell a blank page from a picture),
        and kensa and pdftotext on the text layer of the PDF it was drawn from; all in the same
        rotated rounds. Returns dict(files=[(name, pages, original pages, runs)], missing=[…])."""
        a = self.args
        found, missing = self.originals(a.scans)
        ocr_limits = ["--timeout", "600", "--cpu", "600"]
        if found and not a.smoke:
            # One warm-up of the OCR path (its models into the page cache), on the shortest scan:
            # a warm-up per scan would cost as much as a round.
            shortest = min(found, key=lambda so: (pdf_pages(so[0]), so[0]))[0]
            self.checked([self.kensa, "extract", shortest] + ocr_limits, f"{shortest}: warm-up OCR")
        files = []
        for scan, original in found:
            name = os.path.basename(scan)
            ocr = [self.kensa, "extract", scan, "--timings"] + ocr_limits
            tools = {"kensa OCR": ocr}
            if shutil.which("taskset"):
                tools["kensa OCR, core 0"] = ["taskset", "-c", "0"] + ocr
            tools["kensa --ocr never"] = [self.kensa, "extract", scan, "--timings", "--ocr", "never"]
            tools["kensa text layer"] = [self.kensa, "extract", original, "--timings"]
            tools["pdftotext"] = ["pdftotext", original, "-"]
            runs = self.rotated_rounds(
                name, pdf_pages(scan), tools, a.scan_rounds, "other-scans",
                warm=[t for t in tools if not t.startswith("kensa OCR")],
                extra=lambda tool, r: "ocr=" + ocr_note(r.stderr) if tool.startswith("kensa OCR") else "")
            files.append((name, pdf_pages(scan), pdf_pages(original), runs))
            self.loads.append((name, loadavg()))
        return dict(files=files, missing=missing)

    def kensa_pages(self, path):
        """Returns document.pages of kensa's JSON for a file (sheets of an xlsx), or None."""
        out = subprocess.run([self.kensa, "extract", path, "--compact"], capture_output=True, text=True)
        try:
            return json.loads(out.stdout)["document"]["pages"]
        except (ValueError, KeyError):
            return None

    def measure_office(self):
        """For each xlsx/docx of --office that has a PDF original: kensa on the Office file, kensa
        and pdftotext on the PDF, rotated rounds. Returns dict(files=[(name, pages, pdf pages,
        runs)], missing=[…])."""
        a = self.args
        found, missing = self.originals(a.office)
        files = []
        for path, original in found:
            name = os.path.basename(path)
            tools = {"kensa Office": [self.kensa, "extract", path, "--timings"],
                     "kensa PDF": [self.kensa, "extract", original, "--timings"],
                     "pdftotext": ["pdftotext", original, "-"]}
            pages = self.kensa_pages(path)
            runs = self.rotated_rounds(name, pages or 0, tools, a.office_rounds, "other-office", warm=list(tools))
            files.append((name, pages, pdf_pages(original), runs))
        self.loads.append(("office", loadavg()))
        return dict(files=files, missing=missing)

    # -----------------------------------------------------------------------------------------
    def write_report(self, started, finished, load_before, load_after, busy_before, busy_after,
                     per_pdf, startup, batch, jobs, memory, other, several=None):
        a = self.args
        L = self.report.append
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
        L(f"# kensa benchmark {started:%Y-%m-%d %H:%M} UTC ({a.mode})")
        L("")
        L(f"- machine: nproc {os.cpu_count()}, CPU `{model}`, kernel `{os.uname().release}`")
        origin = a.kensa_origin or self.kensa
        L(f"- kensa: `{origin}` (modified {datetime.datetime.fromtimestamp(self.origin_mtime, datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
          f"{', run from a copy taken at the start' if a.kensa_origin else ''}; sha256 {self.kensa_sha[:16]}; rules_version "
          f"{self.rules_before}{'' if self.rules_after == self.rules_before else ' at the start, **' + str(self.rules_after) + ' at the end: patterns/ changed during the run**'}), "
          f"source HEAD {head}{' with uncommitted changes' if dirty else ''}; "
          f"pdftotext: `{subprocess.run(['pdftotext', '-v'], capture_output=True, text=True).stderr.splitlines()[0]}`")
        L(f"- python pipeline: {'/usr/bin/python3 bench/python_pipeline.py (fitz, pdfminer)' if self.python else 'not run: ' + (self.python_note or '--no-python')}")
        other_rounds = (f"{a.scan_rounds} rounds per scan, {a.office_rounds} per Office file"
                        if a.scans or a.office else "")
        if a.only == "other":
            L(f"- run: {started:%H:%M:%S}–{finished:%H:%M:%S} UTC, only the other inputs (`--only other`): "
              f"{other_rounds}, tool order rotated every round")
        else:
            L(f"- run: {started:%H:%M:%S}–{finished:%H:%M:%S} UTC, {a.rounds} rounds per PDF"
              + (f" ({a.rounds_500} for pages-500, pdfminer {a.pdfminer_500} there)" if a.pages500 else "")
              + f", tool order rotated every round; {a.ingest_rounds} rounds of each ingest run"
              + (f"; other inputs: {other_rounds}" if other_rounds else ""))
        L(f"- load average (1/5/15 min): before **{load_before}**, after **{load_after}** "
          f"on {os.cpu_count()} cores; busiest processes before: {busy_before}; after: {busy_after}")
        L("- per section: " + "; ".join(f"{s} {l}" for s, l in self.loads))
        L("")
        summary = self.write_text_layer(per_pdf, startup, batch, jobs, memory, several) if per_pdf else {}
        if other:
            self.write_other(**other)
        self.write_batch_targets(summary, jobs, several, other)
        L(f"Raw runs: `{os.path.basename(self.tsv_path)}` (one line per run: section, input, pages, round, tool, "
          "wall_s, user_s, sys_s, maxrss_kib, kensa --timings, extra).")

        text = "\n".join(self.report) + "\n"
        with open(self.md_path, "w", encoding="utf-8") as f:
            f.write(text)
        with open(self.tsv_path, "w", encoding="utf-8") as f:
            f.write("section\tinput\tpages\tround\ttool\twall_s\tuser_s\tsys_s\tmaxrss_kib\ttimings_ms\textra\n")
            for row in self.raw:
                f.write("\t".join(row) + "\n")
        sys.stdout.write(text)

    def write_text_layer(self, per_pdf, startup, batch, jobs, memory, several):
        """Writes the sections of the text-layer PDFs: extraction, stages, memory, start-up,
        linearity, ingest, several files in one call, the first speed issue's targets; returns the
        per-PDF summary."""
        L = self.report.append

        # Per-PDF table.
        py_cols = ["py-fitz", "py-pdfminer"] if self.python else []
        L("## Extraction, per PDF (medians; ratios paired round by round)")
        L("")
        L("wall and CPU in ms; CPU = user+sys; ratio = median over rounds of kensa/pdftotext measured in the "
          "same round [quartiles]; RSS = peak resident set (MiB); ms/page = kensa median wall / pages.")
        L("")
        cols = ["PDF", "pages", "chars", "rounds", "kensa wall", "pdftotext wall", "wall ratio",
                "kensa CPU", "pdftotext CPU", "CPU ratio", "kensa RSS", "pdftotext RSS", "kensa ms/page"]
        for p in py_cols:
            cols += [f"{p} wall", f"{p}/kensa wall", f"{p} RSS"]
        L("| " + " | ".join(cols) + " |")
        L("|" + "|".join([" --- "] + [" ---: "] * (len(cols) - 1)) + "|")
        summary = {}
        for label, path, pages, runs, chars, size in per_pdf:
            kw = self.med(runs, "kensa", "wall")
            pw = self.med(runs, "pdftotext", "wall")
            wr, wq, n = self.paired(runs, "kensa", "pdftotext", "wall")
            cr, cq, _ = self.paired(runs, "kensa", "pdftotext", "cpu")
            row = [label, str(pages), str(chars), str(n), fmt(kw * 1e3), fmt(pw * 1e3),
                   f"{fmt(wr, 2)} [{fmt(wq[0], 2)}–{fmt(wq[1], 2)}]",
                   fmt(self.med(runs, "kensa", "cpu") * 1e3), fmt(self.med(runs, "pdftotext", "cpu") * 1e3),
                   f"{fmt(cr, 2)} [{fmt(cq[0], 2)}–{fmt(cq[1], 2)}]",
                   fmt(mib(self.med(runs, "kensa", "rss"))), fmt(mib(self.med(runs, "pdftotext", "rss"))),
                   fmt(kw * 1e3 / pages)]
            for p in py_cols:
                pwall = self.med(runs, p, "wall")
                pr, _, pn = self.paired(runs, p, "kensa", "wall")
                row += [fmt(pwall * 1e3 if pwall else None), f"{fmt(pr, 2)} (n={pn})" if pn else "n/a",
                        fmt(mib(self.med(runs, p, "rss")))]
            L("| " + " | ".join(row) + " |")
            summary[label] = dict(pages=pages, kw=kw, pw=pw, wr=wr, cr=cr, chars=chars,
                                  rss=self.med(runs, "kensa", "rss"),
                                  max_rss=max(r.rss for r in runs["kensa"] if r), n=n,
                                  stages=self.stage_medians(runs["kensa"]))
        samples = [s for lbl, s in summary.items() if not lbl.startswith("pages-")]
        if samples:
            L("")
            L(f"Over the {len(samples)} samples: median of the per-sample paired wall ratios "
              f"**{fmt(median([s['wr'] for s in samples]), 2)}** (worst {fmt(max(s['wr'] for s in samples), 2)}), "
              f"CPU ratio {fmt(median([s['cr'] for s in samples]), 2)}; kensa peak RSS at most "
              f"{fmt(mib(max(s['max_rss'] for s in samples)))} MiB.")
        L("")

        # Stage breakdown.
        L("## Where kensa's time goes: median `--timings` per stage (ms, wall, exclusive)")
        L("")
        notes = sorted({timings_note(r.stderr) for x in per_pdf for r in x[3]["kensa"] if r} - {""})
        if notes:
            L("kensa's own remark on these timings: " + "; ".join(f"“{n}”" for n in notes) +
              " (so the start-up stages may overlap `read`, and the stages need not add up to `total`).")
            L("")
        L("| PDF | " + " | ".join(STAGES) + " | pdftotext wall |")
        L("|" + "|".join([" --- "] + [" ---: "] * (len(STAGES) + 1)) + "|")
        for label, s in summary.items():
            L(f"| {label} | " + " | ".join(fmt(s['stages'][k]) for k in STAGES) + f" | {fmt(s['pw'] * 1e3)} |")
        if samples:
            L("| *median over samples* | " + " | ".join(
                fmt(median([s['stages'][k] for s in samples])) for k in STAGES) +
              f" | {fmt(median([s['pw'] for s in samples]) * 1e3)} |")
        L("")

        # Memory breakdown.
        if memory:
            L("## Where kensa's memory goes (one extra run each; `/proc/PID/smaps` every 20 ms, the snapshot with the largest Rss)")
            L("")
            L("| PDF | peak RSS (ru_maxrss) MiB | Rss at the snapshot MiB | of it anonymous (heap, anon, stack) | of it file-backed | largest parts of the snapshot (MiB) |")
            L("| --- | ---: | ---: | ---: | ---: | --- |")
            for label, r, sm in memory:
                parts = sorted(sm.best.items(), key=lambda kv: -kv[1])[:6]
                anon = sum(v for k, v in sm.best.items() if not k.startswith("/"))
                L(f"| {label} | {fmt(mib(r.rss))} | {fmt(mib(sm.best_total))} | {fmt(mib(anon))} | "
                  f"{fmt(mib(sm.best_total - anon))} | " +
                  ", ".join(f"`{os.path.basename(k) or k}` {fmt(mib(v))}" for k, v in parts) + " |")
            L("")
            L("File-backed parts (the mmapped MeCab dictionary `sys.dic`, shared libraries) count in RSS only for the "
              "pages touched; they are clean, shared between processes and reclaimable, unlike `[heap]`/`[anon]`.")
            L("")

        # Start-up.
        k = startup["kensa"]
        st_dict = median([timings(r.stderr).get("dictionary") for r in k])
        st_rules = median([timings(r.stderr).get("rule-compile") for r in k])
        all_k = [r for _, _, _, runs, _, _ in per_pdf for r in runs["kensa"] if r]
        st_all = median([timings(r.stderr).get("dictionary", 0) + timings(r.stderr).get("rule-compile", 0)
                         for r in all_k])
        L("## Start-up")
        L("")
        L("| figure | median | target |")
        L("| --- | ---: | --- |")
        L(f"| dictionary load (`--timings`, tiny.txt) | {fmt(st_dict)} ms | |")
        L(f"| rule compilation (`--timings`, tiny.txt) | {fmt(st_rules)} ms | |")
        L(f"| dictionary + rules, tiny.txt runs | {fmt((st_dict or 0) + (st_rules or 0))} ms | ≤ 30 ms |")
        L(f"| dictionary + rules, over all {len(all_k)} kensa extract runs above | {fmt(st_all)} ms | ≤ 30 ms |")
        L(f"| `kensa extract tiny.txt` (1 page, 1 line) wall / CPU / RSS | {fmt(self.med(startup, 'kensa', 'wall') * 1e3)} ms / "
          f"{fmt(self.med(startup, 'kensa', 'cpu') * 1e3)} ms / {fmt(mib(self.med(startup, 'kensa', 'rss')))} MiB | |")
        L(f"| `cat tiny.txt` wall (process start floor, same rounds) | {fmt(self.med(startup, 'cat', 'wall') * 1e3)} ms | |")
        L("")

        # Linearity.
        lin = [summary.get(x) for x in ("pages-5.pdf", "pages-50.pdf", "pages-500.pdf")]
        if all(lin):
            L("## Linearity (pages-5/50/500: prefixes of the same repeated page sequence)")
            L("")
            L("| PDF | pages | chars/page | kensa wall ms/page | kensa (wall − start-up) ms/page | "
              "read+normalize+passages+tokens+rules ms/page | pdftotext ms/page |")
            L("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            for s, label in zip(lin, ("pages-5.pdf", "pages-50.pdf", "pages-500.pdf")):
                st = s["stages"]
                body = sum(st[x] or 0 for x in ("read", "normalize", "passages", "tokens", "rules"))
                startup_ms = (st["dictionary"] or 0) + (st["rule-compile"] or 0)
                L(f"| {label} | {s['pages']} | {s['chars'] // s['pages']} | {fmt(s['kw'] * 1e3 / s['pages'], 2)} | "
                  f"{fmt((s['kw'] * 1e3 - startup_ms) / s['pages'], 2)} | {fmt(body / s['pages'], 2)} | "
                  f"{fmt(s['pw'] * 1e3 / s['pages'], 2)} |")
            inc1 = (lin[1]["kw"] - lin[0]["kw"]) * 1e3 / (lin[1]["pages"] - lin[0]["pages"])
            inc2 = (lin[2]["kw"] - lin[1]["kw"]) * 1e3 / (lin[2]["pages"] - lin[1]["pages"])
            L("")
            L(f"Incremental cost per page (difference of median walls): 5→50 pages **{fmt(inc1, 2)} ms/page**, "
              f"50→500 pages **{fmt(inc2, 2)} ms/page** (ratio {fmt(inc2 / inc1 if inc1 else None, 2)}; "
              f"1.00 = linear, above 1 = growing faster than the pages; target taken as ≤ 1.25). The 500-page PDF "
              f"repeats the samples' 65 pages, so caches warmed by the first copy (RE2's DFA states, poppler's "
              f"fonts) serve the others: a document of 500 different pages may cost more per page.")
            L("")

        # Batch memory.
        if batch:
            L("## Memory across a batch: `kensa ingest DIR --jobs 1 --quiet`, fresh db each run")
            L("")
            L("parent = the ingesting process's own peak (VmHWM); worker = the largest worker's own peak "
              "(VmHWM sampled every 5 ms); tree = ru_maxrss of `kensa ingest` (exact: the largest process of the tree).")
            L("")
            L("| documents | runs | wall s | docs/s | cores used (CPU s / wall s) | parent peak MiB | worker peak MiB | tree peak MiB |")
            L("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for n, rs in batch.items():
                walls = [r.wall for r, _ in rs]
                L(f"| {n} | {len(rs)} | {fmt(median(walls), 2)} | {fmt(n / median(walls), 2)} | "
                  f"{fmt(median([r.cpu / r.wall for r, _ in rs]), 2)} | "
                  f"{fmt(mib(max(s.parent_kib for _, s in rs)))} | {fmt(mib(max(s.worker_kib for _, s in rs)))} | "
                  f"{fmt(mib(max(r.rss for r, _ in rs)))} |")
            same = self.same_document_workers(batch)
            if same:
                L("")
                L(f"The same {same['docs']} documents read in both the {same['n0']}- and the {same['n1']}-document runs "
                  f"(each worker's own peak, median over rounds): worker peak in the larger batch minus the smaller, "
                  f"median **{fmt(same['median'], 2)} MiB**, largest {fmt(same['largest'], 2)} MiB "
                  f"(of peaks {fmt(same['low'])}–{fmt(same['high'])} MiB). The larger batch's higher "
                  f"largest-worker peak, if any, comes from its larger documents, not from the batch.")
            L("")
        if jobs:
            n, js, ceiling = jobs
            ratios = [r1.wall / r2.wall for (r1, _), (r2, _) in zip(js[1], js[2])]
            ceiling_ratios = [r1.wall / r2.wall for r1, r2 in zip(ceiling[1], ceiling[2])]
            L(f"## Ingest throughput: `kensa ingest` of {n} PDFs, `--jobs 1` vs `--jobs 2` (fresh db each, alternating)")
            L("")
            L("| jobs | runs | median wall s | docs/s | CPU s (user+sys, whole tree) | cores used (CPU s / wall s) |")
            L("| ---: | ---: | ---: | ---: | ---: | ---: |")
            for j in (1, 2):
                w = median([r.wall for r, _ in js[j]])
                L(f"| {j} | {len(js[j])} | {fmt(w, 2)} | {fmt(n / w, 2)} | {fmt(median([r.cpu for r, _ in js[j]]), 2)} | "
                  f"{fmt(median([r.cpu / r.wall for r, _ in js[j]]), 2)} |")
            L("")
            L("Cores used well below the number of jobs means the workers waited for a CPU (other work on the "
              "machine), not for each other: the speed-up cannot exceed the cores the machine gives.")
            L("")
            L(f"Speed-up --jobs 2 / --jobs 1, paired per round: **{fmt(median(ratios), 2)}** "
              f"(rounds: {', '.join(fmt(x, 2) for x in ratios)}); target ≥ 1.8.")
            L("")
            L(f"The machine's own ceiling in the same rounds: `pdftotext` on the same {n} PDFs, two processes at "
              f"a time (`xargs -P2`) vs one: **{fmt(median(ceiling_ratios), 2)}×** "
              f"(rounds: {', '.join(fmt(x, 2) for x in ceiling_ratios)}; -P1 {fmt(median([r.wall for r in ceiling[1]]), 2)} s, "
              f"-P2 {fmt(median([r.wall for r in ceiling[2]]), 2)} s).")
            L("")

        if several:
            n, runs = several
            k, pt = "kensa extract (one call)", "pdftotext (one process each)"
            wr, wq, rounds = self.paired(runs, k, pt, "wall")
            cr, cq, _ = self.paired(runs, k, pt, "cpu")
            L(f"## Several files in one call: `kensa extract` of the {n} samples in one invocation")
            L("")
            L(f"`kensa extract --compact S1 … S{n} > /dev/null` (one process, JSON Lines) against `pdftotext S /dev/null` "
              f"once per sample, one after another (`sh` loop), in the same rounds, order rotated.")
            L("")
            L("| tool | rounds | median wall s | median CPU s | peak RSS MiB |")
            L("| --- | ---: | ---: | ---: | ---: |")
            for tool in (k, pt):
                L(f"| {tool} | {len(runs[tool])} | {fmt(self.med(runs, tool, 'wall'), 3)} | {fmt(self.med(runs, tool, 'cpu'), 3)} | "
                  f"{fmt(mib(self.med(runs, tool, 'rss')))} |")
            L("")
            L(f"kensa / pdftotext, paired per round: wall **{fmt(wr, 2)}×** [{fmt(wq[0], 2)}–{fmt(wq[1], 2)}], "
              f"CPU {fmt(cr, 2)}× [{fmt(cq[0], 2)}–{fmt(cq[1], 2)}] ({rounds} rounds).")
            L("")

        # Targets.
        L("## Targets of the first speed issue")
        L("")
        L("| target | measured | met |")
        L("| --- | --- | --- |")

        def verdict(ok):
            return "n/a" if ok is None else ("yes" if ok else "**no**")
        if samples:
            m = median([s["wr"] for s in samples])
            L(f"| kensa wall ≤ 1.5× pdftotext on the samples | median {fmt(m, 2)}×, worst {fmt(max(s['wr'] for s in samples), 2)}× | {verdict(m <= 1.5)} |")
        big = summary.get("pages-500.pdf")
        if big:
            L(f"| kensa wall ≤ 1.3× pdftotext on 500 pages | {fmt(big['wr'], 2)}× | {verdict(big['wr'] <= 1.3)} |")
            L(f"| peak RSS ≤ 100 MB on 500 pages | {fmt(mib(big['max_rss']))} MiB = {fmt(big['max_rss'] * 1024 / 1e6)} MB (largest of {big['n']} runs) | {verdict(big['max_rss'] * 1024 <= 100e6)} |")
        if batch and len(batch) >= 2:
            ns = sorted(batch)
            p0 = max(s.parent_kib for _, s in batch[ns[0]]); p1 = max(s.parent_kib for _, s in batch[ns[-1]])
            same = self.same_document_workers(batch)
            ok = p1 <= p0 * 1.1 + 1024 and (same is None or same["largest"] <= 0.1 * same["low"] + 1)
            L(f"| RSS not growing with documents ({ns[0]} → {ns[-1]} docs; ≤ +10 %) | parent {fmt(mib(p0))} → {fmt(mib(p1))} MiB; "
              f"same documents' workers {'n/a' if same is None else fmt(same['median'], 2) + ' MiB median, ' + fmt(same['largest'], 2) + ' MiB largest difference'} "
              f"| {verdict(ok)} |")
        s_all = (st_dict or 0) + (st_rules or 0)
        L(f"| start-up (dictionary + rules) ≤ 30 ms | {fmt(s_all)} ms (tiny.txt), {fmt(st_all)} ms (all runs) | {verdict(s_all <= 30)} |")
        if all(lin):
            r = inc2 / inc1 if inc1 else None
            L(f"| time linear in pages (no growth per page) | incremental {fmt(inc1, 2)} → {fmt(inc2, 2)} ms/page (×{fmt(r, 2)}) | {verdict(r is not None and r <= 1.25)} |")
        if jobs:
            m = median(ratios)
            L(f"| ingest --jobs 2 ≥ 1.8× --jobs 1 | {fmt(m, 2)}× (pdftotext -P2 / -P1 on the same PDFs: "
              f"{fmt(median(ceiling_ratios), 2)}×) | {verdict(m >= 1.8)} |")
        L("")
        return summary

    def write_batch_targets(self, summary, jobs, several, other):
        """Writes the table of the targets of "Speed II" (issue 18): each with its paired ratio,
        quartiles and the load it was measured under."""
        L = self.report.append

        def verdict(ok):
            return "n/a" if ok is None else ("yes" if ok else "**no**")

        def ratio(m, q):
            return f"{fmt(m, 2)}× [{fmt(q[0], 2)}–{fmt(q[1], 2)}]"
        loads = dict(self.loads)
        L("## Targets of Speed II (issue 18)")
        L("")
        L("Ratios are medians over rounds of two commands timed in the same round [quartiles, or range under 4 "
          "rounds]; load = 1-minute load average after the section (2 cores).")
        L("")
        L("| target | measured | load | met |")
        L("| --- | --- | --- | --- |")
        if jobs:
            n, js, ceiling = jobs
            j1 = [r1.wall / p1.wall for (r1, _), p1 in zip(js[1], ceiling[1])]
            j2 = [r2.wall / p2.wall for (r2, _), p2 in zip(js[2], ceiling[2])]
            share = [(a.wall / b.wall) / (c.wall / d.wall)
                     for (a, _), (b, _), c, d in zip(js[1], js[2], ceiling[1], ceiling[2])]
            load = loads.get("ingest jobs", "?")
            L(f"| `kensa ingest` of {n} PDFs `--jobs 1` ≤ 1.3× `pdftotext` one process each (`xargs -P1`) | "
              f"{ratio(median(j1), quartiles(j1))} ({fmt(median([r.wall for r, _ in js[1]]), 2)} s vs "
              f"{fmt(median([r.wall for r in ceiling[1]]), 2)} s) | {load} | {verdict(median(j1) <= 1.3)} |")
            L(f"| `--jobs 2` within 10% of the machine's two-process ceiling: speed-up (jobs 1 → 2) / "
              f"`pdftotext`'s (-P1 → -P2) ≥ 0.9 | {ratio(median(share), quartiles(share))}; `--jobs 2` / "
              f"`xargs -P2` {ratio(median(j2), quartiles(j2))} | {load} | {verdict(median(share) >= 0.9)} |")
        if self.jobs_distinct:
            n, js, ceiling = self.jobs_distinct
            d1 = [r1.wall / p1.wall for (r1, _), p1 in zip(js[1], ceiling[1])]
            d2 = [r2.wall / p2.wall for (r2, _), p2 in zip(js[2], ceiling[2])]
            L(f"| the same on {n} distinct documents (the samples and the real pages: no page twice), measured | "
              f"`--jobs 1` / `xargs -P1` {ratio(median(d1), quartiles(d1))} ({fmt(median([r.wall for r, _ in js[1]]), 2)} s vs "
              f"{fmt(median([r.wall for r in ceiling[1]]), 2)} s); `--jobs 2` / `xargs -P2` {ratio(median(d2), quartiles(d2))} | "
              f"{loads.get('ingest distinct', '?')} | measured |")
        if several:
            n, runs = several
            m, q, _ = self.paired(runs, "kensa extract (one call)", "pdftotext (one process each)", "wall")
            L(f"| `kensa extract` of the {n} samples in one call ≤ 1.3× `pdftotext` one process each | {ratio(m, q)} | "
              f"{loads.get('several files', '?')} | {verdict(m is not None and m <= 1.3)} |")
        big = summary.get("pages-500.pdf")
        if big:
            L(f"| 500 pages ≤ 0.9× `pdftotext` wall | {fmt(big['wr'], 2)}× ({fmt(big['kw'] * 1e3, 0)} vs "
              f"{fmt(big['pw'] * 1e3, 0)} ms) | {loads.get('pages-500.pdf', '?')} | {verdict(big['wr'] <= 0.9)} |")
            L(f"| 500 pages: peak RSS ≤ 100 MB | {fmt(big['max_rss'] * 1024 / 1e6)} MB (largest of {big['n']} runs) | "
              f"{loads.get('pages-500.pdf', '?')} | {verdict(big['max_rss'] * 1024 <= 100e6)} |")
        distinct = summary.get("pages-distinct.pdf")
        if distinct:
            L(f"| {distinct['pages']} distinct pages measured | {fmt(distinct['wr'], 2)}× `pdftotext` wall "
              f"({fmt(distinct['kw'], 2)} vs {fmt(distinct['pw'], 2)} s), CPU {fmt(distinct['cr'], 2)}×, peak RSS "
              f"{fmt(distinct['max_rss'] * 1024 / 1e6)} MB | {loads.get('pages-distinct.pdf', '?')} | measured |")
        if other and other["scans"]["files"]:
            files = other["scans"]["files"]
            pages = sum(f[1] for f in files)
            wall = sum(self.med(f[3], "kensa OCR", "wall") for f in files) / pages
            rss = max(r.rss for f in files for r in f[3]["kensa OCR"] if r)
            L(f"| OCR: seconds per page and peak memory reported | {fmt(wall, 2)} s/page wall over {pages} pages, "
              f"peak RSS {fmt(mib(rss))} MiB (section above) | {loads.get('scans', loads.get('office', '?'))} | reported |")
        if other and other["office"]["files"]:
            files = other["office"]["files"]
            ratios = [self.paired(f[3], "kensa Office", "kensa PDF", "wall")[0] for f in files]
            rss = max(r.rss for f in files for r in f[3]["kensa Office"] if r)
            L(f"| Office: time and peak memory reported | median {fmt(median([self.med(f[3], 'kensa Office', 'wall') for f in files]) * 1e3)} ms "
              f"a file, {fmt(median(ratios), 2)}× the same document's PDF, peak RSS {fmt(mib(rss))} MiB | "
              f"{loads.get('office', '?')} | reported |")
        L("")

    def write_other(self, scans, office):
        """Writes the section of the other inputs: scans read by OCR, and Office files."""
        L = self.report.append
        L("## Other inputs: scans read by OCR, and Office files")
        L("")
        if scans["files"]:
            self.write_scans(scans)
        if office["files"]:
            self.write_office(office)

    def write_scans(self, scans):
        L = self.report.append
        files = scans["files"]
        tools = list(files[0][3])
        ocr_runs = [r for *_, runs in files for t in tools if t.startswith("kensa OCR") for r in runs[t]]
        read = sum(1 for r in ocr_runs if ocr_note(r.stderr).startswith("read page"))
        rounds = len(files[0][3]["kensa OCR"])
        L("### Scans read by OCR, beside the text layer of the PDF each was drawn from")
        L("")
        L(f"Image-only PDFs (one picture a page) beside the original they were drawn from, in the same "
          f"rounds ({rounds} per scan, order rotated). **OCR** = `kensa extract SCAN --timings --timeout 600 "
          f"--cpu 600` (`--ocr auto`, the default: one OCR thread per core, {os.cpu_count()} here); **text layer** = "
          f"`kensa extract ORIGINAL --timings`; **pdftotext** = `pdftotext ORIGINAL -`. s/page = median wall "
          f"(or CPU = user+sys) / pages; RSS = median peak RSS, MiB; OCR/text layer = median over rounds of "
          f"the ratio of the walls of the same round [range, or quartiles from 4 rounds]. The total row: sums of "
          f"the medians over the pages of all scans, the largest RSS of any run, and the ratio of the rounds' summed walls.")
        L("")
        L("| " + " | ".join(SCAN_COLUMNS) + " |")
        L("|" + "|".join([" --- "] + [" ---: "] * (len(SCAN_COLUMNS) - 1)) + "|")
        paths = (("kensa OCR", 1), ("kensa text layer", 2), ("pdftotext", 2))

        def per_page(runs, tool, attr, pages):
            m = self.med(runs, tool, attr)
            return None if m is None else m / pages
        for name, pages, orig_pages, runs in files:
            wr, wq, _ = self.paired(runs, "kensa OCR", "kensa text layer", "wall")
            row = [name, str(pages), str(len(runs["kensa OCR"]))]
            for tool, which in paths:
                n = pages if which == 1 else orig_pages
                row += [fmt(per_page(runs, tool, "wall", n), 3), fmt(per_page(runs, tool, "cpu", n), 3),
                        fmt(mib(self.med(runs, tool, "rss")))]
            row.append(f"{fmt(wr, 0)}× [{fmt(wq[0], 0)}–{fmt(wq[1], 0)}]")
            L("| " + " | ".join(row) + " |")
        total_pages = sum(f[1] for f in files)
        total_orig = sum(f[2] for f in files)

        def total(tool, attr, pages):
            return sum(self.med(runs, tool, attr) for *_, runs in files) / pages

        def total_ratio(a, b, attr="wall"):
            per_round = []
            for rnd in range(rounds):
                per_round.append(sum(getattr(runs[a][rnd], attr) for *_, runs in files) /
                                 sum(getattr(runs[b][rnd], attr) for *_, runs in files))
            return median(per_round), min(per_round), max(per_round)

        def largest(tool):
            return mib(max(r.rss for *_, runs in files for r in runs[tool]))
        row = [f"**total, {plural(len(files), 'scan')}**", str(total_pages), str(rounds)]
        for tool, which in paths:
            n = total_pages if which == 1 else total_orig
            row += [f"**{fmt(total(tool, 'wall', n), 3)}**", fmt(total(tool, "cpu", n), 3), f"{fmt(largest(tool))} (largest)"]
        tr = total_ratio("kensa OCR", "kensa text layer")
        row.append(f"**{fmt(tr[0], 0)}×** [{fmt(tr[1], 0)}–{fmt(tr[2], 0)}]")
        L("| " + " | ".join(row) + " |")
        L("")
        ocr_w, ocr_c = total("kensa OCR", "wall", total_pages), total("kensa OCR", "cpu", total_pages)
        notes = [ocr_note(r.stderr) for r in ocr_runs]
        others = sorted({n for n in notes if not n.startswith("read page")})
        L(f"OCR over all {plural(total_pages, 'page')}: **{fmt(ocr_w, 2)} s/page wall, {fmt(ocr_c, 2)} s/page CPU** "
          f"({fmt(ocr_c / ocr_w if ocr_w else None, 2)} cores used on average), peak RSS up to "
          f"{fmt(largest('kensa OCR'))} MiB; the text layer of the same pages "
          f"{fmt(total('kensa text layer', 'wall', total_orig) * 1e3, 1)} ms/page wall, "
          f"{fmt(largest('kensa text layer'))} MiB; OCR/text layer wall **{fmt(tr[0], 0)}×**, "
          f"CPU {fmt(total_ratio('kensa OCR', 'kensa text layer', 'cpu')[0], 0)}×. "
          f"kensa's warning says OCR read the pages in {read} of {len(notes)} OCR runs"
          + (f" (the others: {'; '.join(others)})" if others else "") + ".")
        L("")
        if missing := scans["missing"]:
            L("Not measured (no original PDF): " + ", ".join(f"`{os.path.basename(m)}`" for m in missing) + ".")
            L("")

        core0 = "kensa OCR, core 0" in tools
        L("| " + " | ".join(SCAN_MORE_COLUMNS) + " |")
        L("|" + "|".join([" --- "] + [" ---: "] * (len(SCAN_MORE_COLUMNS) - 1)) + "|")
        for name, pages, _, runs in files:
            read_ms = median([timings(r.stderr).get("read") for r in runs["kensa OCR"]])
            row = [name, str(pages), fmt(read_ms / 1e3 / pages if read_ms is not None else None, 3),
                   fmt(self.med(runs, "kensa OCR", "cpu") / self.med(runs, "kensa OCR", "wall"), 2)]
            if core0:
                cr, cq, _ = self.paired(runs, "kensa OCR, core 0", "kensa OCR", "wall")
                row += [fmt(per_page(runs, "kensa OCR, core 0", "wall", pages), 3),
                        fmt(per_page(runs, "kensa OCR, core 0", "cpu", pages), 3),
                        fmt(mib(self.med(runs, "kensa OCR, core 0", "rss"))), fmt(cr, 2)]
            else:
                row += ["n/a"] * 4
            nr, _, _ = self.paired(runs, "kensa --ocr never", "kensa text layer", "wall")
            row += [fmt(per_page(runs, "kensa --ocr never", "wall", pages), 3),
                    fmt(per_page(runs, "kensa --ocr never", "cpu", pages), 3),
                    fmt(mib(self.med(runs, "kensa --ocr never", "rss"))), fmt(nr, 1)]
            L("| " + " | ".join(row) + " |")
        read_total = sum(median([timings(r.stderr).get("read", 0) for r in runs["kensa OCR"]]) for *_, runs in files)
        row = [f"**total, {plural(len(files), 'scan')}**", str(total_pages), fmt(read_total / 1e3 / total_pages, 3),
               fmt(ocr_c / ocr_w if ocr_w else None, 2)]
        if core0:
            row += [fmt(total("kensa OCR, core 0", "wall", total_pages), 3), fmt(total("kensa OCR, core 0", "cpu", total_pages), 3),
                    f"{fmt(largest('kensa OCR, core 0'))} (largest)", fmt(total_ratio("kensa OCR, core 0", "kensa OCR")[0], 2)]
        else:
            row += ["n/a"] * 4
        row += [fmt(total("kensa --ocr never", "wall", total_pages), 3), fmt(total("kensa --ocr never", "cpu", total_pages), 3),
                f"{fmt(largest('kensa --ocr never'))} (largest)", fmt(total_ratio("kensa --ocr never", "kensa text layer")[0], 1)]
        L("| " + " | ".join(row) + " |")
        L("")
        L("OCR read = kensa's `read` stage (`--timings`: drawing the pages and OCR) per page; cores used = "
          "OCR CPU / OCR wall (medians). **core 0** = the same OCR command under `taskset -c 0`: kensa "
          "counts cores with `std::thread::hardware_concurrency()`, which ignores the CPU affinity, so it "
          "still starts one OCR thread per core and they share core 0 — what a machine with one free core "
          "gives; core 0 / OCR = the wall ratio paired per round. **--ocr never** = `kensa extract SCAN "
          "--timings --ocr never`: no OCR, the pages are marked unreadable after each is drawn at 100 dpi "
          "to tell a blank page from a picture; --ocr never / text layer = the wall ratio paired per round.")
        L("")

    def write_office(self, office):
        L = self.report.append
        files = office["files"]
        L("### Office files beside the PDF each was made from")
        L("")
        L(f"`kensa extract FILE.xlsx|docx --timings` (Office) against `kensa extract ORIGINAL.pdf --timings` "
          f"(PDF) and `pdftotext ORIGINAL.pdf -`, in the same rounds ({len(files[0][3]['kensa Office'])} per file, "
          f"order rotated). Medians; wall and CPU (user+sys) in ms; RSS = peak RSS, MiB; read = kensa's `read` "
          f"stage (`--timings`, ms: unzipping and parsing the XML for Office, poppler for the PDF); pages = "
          f"kensa's `document.pages` (sheets of an xlsx) and the PDF's; Office/PDF = median over rounds of "
          f"the ratio of the walls of the same round.")
        L("")
        L("| " + " | ".join(OFFICE_COLUMNS) + " |")
        L("|" + "|".join([" --- "] + [" ---: "] * (len(OFFICE_COLUMNS) - 1)) + "|")
        rows = []
        for name, pages, pdf_pages_, runs in files:
            ratio, _, _ = self.paired(runs, "kensa Office", "kensa PDF", "wall")
            v = dict(ow=self.med(runs, "kensa Office", "wall") * 1e3, oc=self.med(runs, "kensa Office", "cpu") * 1e3,
                     orss=mib(self.med(runs, "kensa Office", "rss")),
                     oread=median([timings(r.stderr).get("read") for r in runs["kensa Office"]]),
                     pw=self.med(runs, "kensa PDF", "wall") * 1e3, pc=self.med(runs, "kensa PDF", "cpu") * 1e3,
                     prss=mib(self.med(runs, "kensa PDF", "rss")),
                     pread=median([timings(r.stderr).get("read") for r in runs["kensa PDF"]]),
                     tw=self.med(runs, "pdftotext", "wall") * 1e3, trss=mib(self.med(runs, "pdftotext", "rss")),
                     ratio=ratio)
            rows.append((name, v))
            L(f"| {name} | {pages if pages is not None else 'n/a'} | {pdf_pages_} | {len(runs['kensa Office'])} | "
              + " | ".join(fmt(v[k], 2 if k == "ratio" else 1) for k in
                           ("ow", "oc", "orss", "oread", "pw", "pc", "prss", "pread", "tw", "trss", "ratio")) + " |")
        kinds = [("xlsx", ".xlsx"), ("docx", ".docx")]
        both = all(any(name.endswith(ext) for name, _ in rows) for _, ext in kinds)
        for label, ext in kinds + ([("all", "")] if both else []):
            sel = [v for name, v in rows if name.endswith(ext)]
            if not sel:
                continue
            L(f"| **median, {label} ({len(sel)})** | | | | " + " | ".join(
                f"**{fmt(median([v[k] for v in sel]), 2 if k == 'ratio' else 1)}**" if k in ("ow", "ratio") else
                fmt(median([v[k] for v in sel]), 2 if k == "ratio" else 1)
                for k in ("ow", "oc", "orss", "oread", "pw", "pc", "prss", "pread", "tw", "trss", "ratio")) + " |")
        L("")
        if office["missing"]:
            L("Not measured (no `<stem>.pdf` original): " + ", ".join(f"`{os.path.basename(m)}`" for m in office["missing"]) + ".")
            L("")


SMOKE_COLUMNS = ["| PDF | pages | chars | rounds | kensa wall | pdftotext wall | wall ratio | kensa CPU | "
                 "pdftotext CPU | CPU ratio | kensa RSS | pdftotext RSS | kensa ms/page |",
                 "| PDF | dictionary | rule-compile | read | normalize | passages | tokens | rules | clean-up | output | total | pdftotext wall |",
                 "| dictionary + rules, tiny.txt runs |",
                 "| documents | runs | wall s | docs/s | cores used (CPU s / wall s) | parent peak MiB | worker peak MiB | tree peak MiB |",
                 "| jobs | runs | median wall s | docs/s | CPU s (user+sys, whole tree) | cores used (CPU s / wall s) |",
                 "| target | measured | met |",
                 "| tool | rounds | median wall s | median CPU s | peak RSS MiB |",
                 "| target | measured | load | met |",
                 "`kensa ingest` of 2 PDFs `--jobs 1` ≤ 1.3×",
                 "in one call ≤ 1.3× `pdftotext` one process each"]
OTHER_SMOKE_COLUMNS = ["| " + " | ".join(cols) + " |" for cols in (SCAN_COLUMNS, SCAN_MORE_COLUMNS, OFFICE_COLUMNS)]


def main():
    p = argparse.ArgumentParser(description="bench/run.sh's measuring half (see bench/README.md)")
    p.add_argument("--kensa", required=True)
    p.add_argument("--kensa-origin", help="the binary --kensa is a copy of")
    p.add_argument("--samples", nargs="+", required=True)
    p.add_argument("--pages5"); p.add_argument("--pages50"); p.add_argument("--pages500")
    p.add_argument("--pages-distinct", help="a long PDF whose pages all differ")
    p.add_argument("--distinct-docs", help="a folder of PDFs that share no page, ingested as --ingest-dir is")
    p.add_argument("--ingest-dir")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[10, 50])
    p.add_argument("--rounds", type=int, default=11)
    p.add_argument("--rounds-500", type=int, default=5)
    p.add_argument("--pdfminer-500", type=int, default=3)
    p.add_argument("--ingest-rounds", type=int, default=3)
    p.add_argument("--no-python", action="store_true")
    p.add_argument("--mode", default="full")
    p.add_argument("--out", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--smoke", action="store_true", help="check that the report has every column")
    p.add_argument("--scans", nargs="*", default=[], help="image-only PDFs, read by OCR")
    p.add_argument("--office", nargs="*", default=[], help="xlsx/docx files")
    p.add_argument("--originals", default=os.path.join(ROOT, "samples"),
                   help="folder of the PDFs the scans and Office files were made from (<stem>.pdf)")
    p.add_argument("--scan-rounds", type=int, default=2)
    p.add_argument("--office-rounds", type=int, default=5)
    p.add_argument("--only", choices=["other"], help="other: only the scans and Office files")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    b = Bench(a)
    stamp = (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d-%H%M") + ("" if a.mode == "full" else "-" + a.mode)
             + ("-" + a.only if a.only else ""))
    b.md_path = os.path.join(a.out, stamp + ".md")
    b.tsv_path = os.path.join(a.out, stamp + "-raw.tsv")
    b.go()
    if a.smoke:
        with open(b.md_path, encoding="utf-8") as f:
            report = f.read()
        wanted = (([] if a.only == "other" else SMOKE_COLUMNS) + (OTHER_SMOKE_COLUMNS[:2] if a.scans else [])
                  + (OTHER_SMOKE_COLUMNS[2:] if a.office else []))
        missing = [c for c in wanted if c not in report]
        if missing:
            sys.stderr.write("bench: smoke: report lacks: " + "; ".join(missing) + "\n")
            sys.exit(1)
        with open(b.tsv_path, encoding="utf-8") as f:
            rows = f.read().splitlines()
        if len(rows) < 3 or any(len(r.split("\t")) != 11 for r in rows):
            sys.stderr.write("bench: smoke: raw TSV malformed\n")
            sys.exit(1)
        sys.stderr.write(f"bench: smoke: ok ({b.md_path})\n")


if __name__ == "__main__":
    main()
