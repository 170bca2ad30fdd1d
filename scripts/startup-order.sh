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
