#!/usr/bin/env bash
# Writes scripts/startup-order.txt: the functions the usual commands execute, for lld's
# --symbol-ordering-file (the Makefile's RELEASE). Laid out together, start-up's code is about
# 2 MB of the binary instead of pages scattered over all 21 MB of .text, each fault mapping a
# 64 KiB window around it (Docs/BENCH.md). Run it after a change that moves start-up's code (new
# commands, a new library on the path), then `make build` and compare `BENCH_ONLY_STARTUP=1
# scripts/bench.sh` with the list before: lists from different runs have measured up to 1 MiB
# apart. A stale list only costs speed, never correctness.
#
#   scripts/startup-order.sh [FTCTL] [SANDBOX]   (defaults: the release build in .build-release)
#
# Needs valgrind (callgrind lists every function a run executes, however briefly), objcopy and
# the map `make build` writes; the build itself needs neither tool. Each command runs once under
# callgrind against the sandbox.
set -euo pipefail
FTCTL=${1:-.build-release/release/ftctl}
SANDBOX=${2:-.build-release/release/ftctl-sandbox}
OUT=${ORDER_OUT:-scripts/startup-order.txt}
for tool in valgrind objcopy python3; do
  command -v "$tool" > /dev/null || { echo "startup-order.sh needs $tool" >&2; exit 1; }
done

source "$(dirname "$0")/sandbox-env.sh"

# valgrind 3.19 cannot read the DWARF 5 the toolchain writes; the symbol table is all it needs.
bin="$work/ftctl"
objcopy --strip-debug "$FTCTL" "$bin"

# Most used first: the commands scripts run in loops, then help and the offline ones.
commands=(
  "--version"
  "jobs list -o json"
  "jobs get $job -q"
  "jobs get $job"
  "jobs logs $job"
  "jobs list"
  "files list"
  "validate examples/demo.jsonl"
  "--help"
  "jobs create --help"
  "jobs create --model gpt-4o-mini --training-file $file -q"
)
profiles=()
for i in "${!commands[@]}"; do
  out="$work/callgrind.$i"
  # shellcheck disable=SC2086 # each entry is a command line to split
  valgrind --tool=callgrind --callgrind-out-file="$out" --compress-strings=no --compress-pos=no \
    --demangle=no "$bin" ${commands[$i]} > /dev/null 2> "$work/valgrind.$i" \
    || { echo "ftctl ${commands[$i]} failed under valgrind (see below)" >&2; tail -n 20 "$work/valgrind.$i" >&2; exit 1; }
  profiles+=("$out")
done

# lld's map of the link that made FTCTL (`make build` writes it): which input section holds each
# symbol. Some inputs were compiled without function sections (the runtime's Swift code, C
# libraries): one .text of up to 1.5 MB, which lld can only move whole.
MAP=${ORDER_MAP:-.build-release/ftctl.map}
[ -f "$MAP" ] || { echo "startup-order.sh needs $MAP (make build writes it)" >&2; exit 1; }

# A function used by more of the commands comes first, and functions used by the same commands
# stay together (by name within the group: any order there is as good, and the list stays the
# same from one run to the next). Only functions of ftctl's own binary count.
# Functions inside a large unsplit .text go last: their section is paged in sparsely wherever it
# lies, and placed among the others it would spread them over megabytes (1.2 MiB more resident).
python3 - "$bin" "$OUT" "$MAP" "${profiles[@]}" <<'PY'
import re, subprocess, sys
binary, out, link_map, profiles = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def in_large_unsplit_text(path, limit=16 << 10):
    """Symbols the link map shows inside an input section named exactly .text larger than `limit`."""
    line_re = re.compile(r"^\s*[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(.*)$")
    found, in_text, large = set(), False, False
    for line in open(path, errors="replace"):
        m = line_re.match(line)
        if not m:
            continue
        depth, name = len(m.group(2)), m.group(3)
        if depth == 0:
            in_text = name.strip() == ".text"
        elif in_text and depth == 8:
            large = name.endswith(":(.text)") and int(m.group(1), 16) > limit
        elif in_text and depth == 16 and large:
            found.add(name.strip())
    return found

uses = {}
for rank, path in enumerate(profiles):
    obj = None
    for line in open(path, errors="replace"):
        if line.startswith("ob="):
            obj = line[3:].strip()
        elif line.startswith("fn=") and obj == binary:
            # "name'2" is callgrind's name for a recursion cycle; "0x..." and "(below main)" have
            # no symbol to order.
            name = line[3:].strip().split("'")[0]
            if name.startswith(("0x", "(")):
                continue
            uses.setdefault(name, set()).add(rank)
unsplit = in_large_unsplit_text(link_map)
names = sorted(uses, key=lambda n: (n in unsplit, -len(uses[n]), sorted(uses[n]), n))
with open(out, "w") as f:
    f.write("".join(n + "\n" for n in names))
print(f"{out}: {len(names)} functions from {len(profiles)} commands, {len(unsplit & set(names))} of them in large unsplit sections", file=sys.stderr)
PY

# Data after the functions: the variables of .bss and .data that a `jobs list` and `--version`
# touch (type metadata caches, once-tokens, lazy globals), together instead of over 1.4 MB, so
# start-up touches about 40 pages of them instead of 140 (Docs/BENCH.md). valgrind's lackey lists
# every address the run reads or writes; the release is position-dependent, so addresses are the
# symbols' own. Only variables in sections of their own move (ours and the runtime's).
for i in 0 1; do
  valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$bin" ${commands[$i]} 3>&1 > /dev/null 2> /dev/null \
    | awk '$1 == "S" || $1 == "L" || $1 == "M" { split($2, a, ","); print a[1] }'
done | sort -u > "$work/addresses"
python3 - "$bin" "$OUT" "$work/addresses" <<'PY'
import bisect, subprocess, sys
binary, out, addresses = sys.argv[1], sys.argv[2], sys.argv[3]
ranges = []
for line in subprocess.run(["readelf", "-S", "-W", binary], capture_output=True, text=True).stdout.splitlines():
    fields = line.split("]", 1)[-1].split()
    if len(fields) > 4 and fields[0] in (".bss", ".data"):
        start = int(fields[2], 16)
        ranges.append((start, start + int(fields[4], 16)))
symbols = []
for line in subprocess.run(["nm", "-S", "-n", binary], capture_output=True, text=True).stdout.splitlines():
    fields = line.split()
    if len(fields) == 4 and fields[2] in "bBdD":
        symbols.append((int(fields[0], 16), int(fields[1], 16), fields[3]))
starts = [s[0] for s in symbols]
touched = set()
for line in open(addresses):
    a = int(line, 16)
    if any(lo <= a < hi for lo, hi in ranges):
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and symbols[i][0] <= a < symbols[i][0] + max(symbols[i][1], 1):
            touched.add(symbols[i][2])
with open(out, "a") as f:
    f.write("".join(n + "\n" for n in sorted(touched)))
print(f"{out}: and {len(touched)} variables", file=sys.stderr)
PY
