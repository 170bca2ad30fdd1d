#!/usr/bin/env bash
# Writes scripts/startup-order.txt: the functions the usual commands execute, for lld's
# --symbol-ordering-file (the Makefile's RELEASE). Laid out together, start-up's code fills a few
# hundred KiB of the binary instead of faulting in 64 KiB windows scattered over all of .text
# (Docs/BENCH.md). Run it after a change that moves start-up's code (new commands, a new library
# on the path); a stale list only costs speed, never correctness.
#
#   scripts/startup-order.sh [FTCTL] [SANDBOX]   (defaults: the release build in .build-release)
#
# Needs valgrind (callgrind lists every function a run executes, however briefly) and objcopy;
# the build itself needs neither. Each command runs once under callgrind against the sandbox.
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

# A function used by more of the commands comes first; among equals, the one an earlier command
# (then an earlier point of that run) used first. Only functions of ftctl's own binary count.
python3 - "$bin" "$OUT" "${profiles[@]}" <<'PY'
import sys
binary, out, profiles = sys.argv[1], sys.argv[2], sys.argv[3:]
uses, first = {}, {}
for rank, path in enumerate(profiles):
    obj, seen = None, 0
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
            if name not in first:
                first[name] = (rank, seen)
            seen += 1
names = sorted(uses, key=lambda n: (-len(uses[n]), first[n]))
with open(out, "w") as f:
    f.write("".join(n + "\n" for n in names))
print(f"{out}: {len(names)} functions from {len(profiles)} commands", file=sys.stderr)
PY
