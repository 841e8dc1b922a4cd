#!/usr/bin/python3
"""Runs one hostile-input case and checks the README's promise for it:

  - the documented exit code, and the process was not killed by a signal (so no core dump either);
  - for an error: exactly one stderr line (warnings aside), "kensa: FILE: problem", matching PATTERN;
  - for success: the JSON contract on stdout; with --warning, that warning on stderr as
    "kensa: FILE: warning [code]: …" and in the JSON ({"code", "message"}); with --findings / --no-findings, findings or none;
  - bounded time (--max-seconds, default 75: kensa's own 60 s watchdog plus start-up) and memory
    (peak RSS at most the --memory limit kensa ran under, default 2048 MiB; not checked under
    AddressSanitizer, whose shadow memory and quarantine inflate RSS and which sets no RLIMIT_AS);
  - no core file left in the working directory (a scratch directory).

Usage: run-case.py [--warning RE] [--findings|--no-findings] [--max-seconds S]
                   KENSA CODE PATTERN FILE [KENSA-ARGS…]
KENSA-ARGS go after `kensa extract FILE` (e.g. --timeout 3); prefix them with `--` on the line.
With --command C the case runs `kensa C FILE KENSA-ARGS` instead of extract.
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warning")
    parser.add_argument("--findings", action="store_true")
    parser.add_argument("--no-findings", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=75)
    parser.add_argument("--command", default="extract")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for kensa's environment")
    parser.add_argument("kensa")
    parser.add_argument("code", type=int)
    parser.add_argument("pattern")
    parser.add_argument("file")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    a = parser.parse_args()
    extra = [x for x in a.args if x != "--"]
    argv = [a.kensa, a.command, a.file, *extra] if a.file != "-" else [a.kensa, a.command, *extra]

    memory_mib = 2048
    if "--memory" in extra:
        memory_mib = int(extra[extra.index("--memory") + 1]) or 1 << 30
    asan = b"libasan" in subprocess.run(["ldd", a.kensa], capture_output=True).stdout or \
        os.environ.get("KENSA_SANITIZED") == "1"
    env = dict(os.environ)
    for pair in a.env:
        name, _, value = pair.partition("=")
        env[name] = value

    with tempfile.TemporaryDirectory() as scratch:
        start = time.monotonic()
        try:
            done = subprocess.run(argv, cwd=scratch, env=env, capture_output=True, timeout=a.max_seconds + 60)
        except subprocess.TimeoutExpired:
            fail(f"no answer after {a.max_seconds + 60:.0f} s: {' '.join(argv)}")
        seconds = time.monotonic() - start
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        cores = [f for f in os.listdir(scratch) if f.startswith("core")]
    err = done.stderr.decode("utf-8", "replace")
    out = done.stdout.decode("utf-8", "replace")
    summary = f"exit {done.returncode}, {seconds:.1f} s, peak RSS {peak_mib:.0f} MiB"
    print(f"{' '.join(argv)}\n{summary}\nstderr: {err.strip()[:2000]}")

    if done.returncode < 0:
        fail(f"killed by signal {-done.returncode}")
    if cores:
        fail(f"core dump left: {cores}")
    if done.returncode != a.code:
        fail(f"exit {done.returncode}, expected {a.code}")
    if seconds > a.max_seconds:
        fail(f"took {seconds:.1f} s, more than {a.max_seconds} s")
    if not asan and peak_mib > memory_mib:
        fail(f"peak RSS {peak_mib:.0f} MiB over the {memory_mib} MiB limit")

    warning_line = re.compile(r": warning \[[a-z0-9_]+\]: ")
    lines = [l for l in err.splitlines() if not warning_line.search(l)]
    warnings = [l for l in err.splitlines() if warning_line.search(l)]
    if a.code != 0:
        if len(lines) != 1:
            fail(f"{len(lines)} error lines on stderr, expected one")
        # A configuration error (20) names the rule or dictionary file instead of the document.
        prefix = "kensa: " if a.file == "-" or a.code == 20 else f"kensa: {a.file}: "
        if a.command == "extract" and not lines[0].startswith(prefix):
            fail(f"the error line does not start with {prefix!r}")
        if not re.search(a.pattern, lines[0]):
            fail(f"the error line does not match {a.pattern!r}")
        return
    if a.command != "extract":
        if a.pattern and not re.search(a.pattern, out + err):
            fail(f"the output does not match {a.pattern!r}")
        return
    try:
        document = json.loads(out)
    except ValueError as e:
        fail(f"stdout is not JSON: {e}")
    if not all(k in document for k in ("document", "fields", "warnings")):
        fail("stdout is not the JSON contract")
    findings = sum(len(v) for v in document["fields"].values())
    print(f"{findings} findings, {document['document']['pages']} pages, warnings: {document['warnings']}")
    if a.warning:
        if not any(re.search(a.warning, w["message"]) and w["code"] != "other" for w in document["warnings"]):
            fail(f"no warning matching {a.warning!r} with a code in the JSON")
        if not any(re.match(rf"kensa: {re.escape(a.file)}: warning \[[a-z0-9_]+\]: ", w) and re.search(a.warning, w)
                   for w in warnings):
            fail(f"no stderr line 'kensa: FILE: warning [code]: …' matching {a.warning!r}")
    if a.findings and findings == 0:
        fail("no findings")
    if a.no_findings and findings != 0:
        fail(f"{findings} findings, expected none")
    if a.pattern and not re.search(a.pattern, out):
        fail(f"stdout does not match {a.pattern!r}")


if __name__ == "__main__":
    main()
