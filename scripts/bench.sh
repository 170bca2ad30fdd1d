#!/usr/bin/env bash
# Wall time and peak memory of whole ftctl runs beside references doing the same work (curl, cat,
# a Swift hello-world), alternating, against the sandbox on loopback; then uploads, tokens,
# datasets and follows. Prints figures; asserts nothing (the machine is shared and noisy).
# Peak memory comes from GNU time, which forks from a small process: a child spawned from a big
# one would report its parent's peak instead (Linux counts the pre-exec memory).
set -euo pipefail
# `scripts/bench.sh soak [CREATES]`: the lost-reply create soak (LostReplyCreateTests) with more
# creates per route than `make test` runs (default 400), on the debug test build.
# `scripts/bench.sh sweep`: the argument sweep (ArgumentSweepTests) with every hostile value for
# every option; `make test` runs a rotating half of them.
if [ "${1:-}" = sweep ]; then
  FTCTL_FULL_SWEEP=1 exec swift test --skip-build --filter ArgumentSweepTests
fi
if [ "${1:-}" = soak ]; then
  FTCTL_SOAK_CREATES=${2:-400} exec swift test --skip-build --filter LostReplyCreateTests
fi
FTCTL=${1:-.build-release/release/ftctl}
SANDBOX=${2:-.build-release/release/ftctl-sandbox}
RUNS=${BENCH_RUNS:-30}
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "bench needs GNU time (apt-get install time)" >&2; exit 1; fi
fi

source "$(dirname "$0")/sandbox-env.sh"
# The kernel maps the cached pages around each page fault (64 KiB at a time), so a binary partly
# evicted from the page cache shows less resident memory than one just read: read it first.
cat "$FTCTL" > /dev/null

# One sample: wall time (us) and peak RSS (KiB) of a command, from GNU time forked by this shell.
sample() {
  local start end
  start=$(date +%s%N)
  "$TIME" -f "%M" -o "$work/rss" "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cat "$work/rss")"
}

# ftctl against a reference doing the same work (curl for the same request, cat reading the same
# file, a hello-world for start-up alone), alternating in the same run so both see the same
# machine; medians of RUNS, the peak RSS of each, and the ratio.
pair() {
  local name=$1 refname=$2; shift 2
  local -a ours=() ref=()
  while [ "$1" != "--" ]; do ours+=("$1"); shift; done; shift
  ref=("$@")
  "${ours[@]}" > /dev/null 2>&1 || { echo "$name: the command failed" >&2; return 1; }
  "${ref[@]}" > /dev/null 2>&1 || { echo "$name: the reference failed" >&2; return 1; }
  : > "$work/ours"; : > "$work/ref"
  for _ in $(seq 1 "$RUNS"); do
    sample "${ours[@]}" >> "$work/ours"
    sample "${ref[@]}" >> "$work/ref"
  done
  read -r o_us o_rss < <(sort -n "$work/ours" | awk '{ t[NR] = $1; if ($2 > r) r = $2 } END { print t[int((NR + 1) / 2)], r }')
  read -r r_us r_rss < <(sort -n "$work/ref" | awk '{ t[NR] = $1; if ($2 > r) r = $2 } END { print t[int((NR + 1) / 2)], r }')
  awk -v n="$name" -v rn="$refname" -v o="$o_us" -v orss="$o_rss" -v r="$r_us" -v rrss="$r_rss" 'BEGIN {
    printf "%-34s %6.1f ms %6.1f MiB | %-10s %6.1f ms %6.1f MiB | %5.2fx time\n", n, o / 1000, orss / 1024, rn, r / 1000, rrss / 1024, o / r }'
}

# A Swift hello-world built as `make` builds ftctl (release, static runtime): start-up's floor.
hello="$work/hello"
printf 'print("ftctl 0.0.0")\n' > "$work/hello.swift"
swiftc -O -static-stdlib "$work/hello.swift" -o "$hello" 2>/dev/null || hello=""
head -c $((1 << 20)) /dev/zero > /dev/null
python3 - "$work/one-mb.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    n = 0
    while f.tell() < 1 << 20:
        f.write(json.dumps({"messages": [{"role": "user", "content": f"question {n} " * 8}, {"role": "assistant", "content": f"answer {n} " * 12}]}) + "\n")
        n += 1
PY

echo "start-up: ftctl beside a reference doing the same work, alternating, medians of $RUNS"
echo "(goals: jobs list -o json within 1.5x of curl and <= 20 MiB; --version within 2x of hello-world; every command <= 25 ms)"
# libcurl and its ~30 libraries cost about 6 MiB and 450 page faults; ftctl opens them on first use.
if ldd "$FTCTL" 2>/dev/null | grep -q libcurl; then
  echo "note: $FTCTL links libcurl, so every command loads it at start-up (CCurl should open it on first use)"
fi
auth="Authorization: Bearer sk-sandbox"
if [ -n "$hello" ]; then
  pair "ftctl --version" "hello" "$FTCTL" --version -- "$hello"
fi
pair "ftctl jobs get ID -q" "curl" "$FTCTL" jobs get "$job" -q -- curl -sf -H "$auth" "$FTCTL_BASE_URL/fine_tuning/jobs/$job"
pair "ftctl jobs list -o json" "curl" "$FTCTL" jobs list -o json -- curl -sf -H "$auth" "$FTCTL_BASE_URL/fine_tuning/jobs?limit=20"
pair "ftctl jobs logs ID" "curl" "$FTCTL" jobs logs "$job" -- curl -sf -H "$auth" "$FTCTL_BASE_URL/fine_tuning/jobs/$job/events?limit=100"
pair "ftctl validate 1 MB" "cat" "$FTCTL" validate "$work/one-mb.jsonl" -- cat "$work/one-mb.jsonl"
pair "ftctl jobs create --help" "hello" "$FTCTL" jobs create --help -- "${hello:-true}"
if [ -n "${BENCH_ONLY_STARTUP:-}" ]; then exit 0; fi

# Uploads: ftctl against `curl -F` to the same endpoint, 256 MB, alternating, each file deleted
# after its run so the sandbox (which keeps files in memory) stays the same size. Medians of
# UPLOAD_RUNS; one run swings by 2x here.
UPLOAD_RUNS=${UPLOAD_RUNS:-5}
echo
echo "upload of 256 MB to the sandbox, median of $UPLOAD_RUNS alternating runs (goal: ftctl at >= 90% of curl's rate, <= 64 MiB)"
head -c $((256 << 20)) /dev/zero | tr '\0' 'x' > "$work/big.bin"
: > "$work/curl.samples"; : > "$work/ftctl.samples"
for _ in $(seq 1 "$UPLOAD_RUNS"); do
  start=$(date +%s%N)
  "$TIME" -f "%M" -o "$work/rss" curl -sf -o "$work/curl.json" -H 'Expect:' -H "Authorization: Bearer sk-sandbox" \
    -F purpose=fine-tune -F "file=@$work/big.bin" "$FTCTL_BASE_URL/files"
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cat "$work/rss")" >> "$work/curl.samples"
  "$FTCTL" files delete "$(sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' "$work/curl.json")" -y > /dev/null 2>&1 || true
  start=$(date +%s%N)
  "$TIME" -f "%M" -o "$work/rss" "$FTCTL" files upload "$work/big.bin" --no-validate --force -q > "$work/ftctl.id"
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cat "$work/rss")" >> "$work/ftctl.samples"
  "$FTCTL" files delete "$(cat "$work/ftctl.id")" -y > /dev/null 2>&1 || true
done
median_of() { sort -n "$1" | awk '{ t[NR] = $1; if ($2 > rss) rss = $2 } END { print t[int((NR + 1) / 2)], rss }'; }
read -r curl_us curl_rss < <(median_of "$work/curl.samples")
read -r ftctl_us ftctl_rss < <(median_of "$work/ftctl.samples")
awk -v c="$curl_us" -v f="$ftctl_us" -v cr="$curl_rss" -v fr="$ftctl_rss" 'BEGIN {
  printf "%-44s %7.2f s   %7.1f MB/s   peak RSS %6.1f MiB\n", "curl -H '"'"'Expect:'"'"' -F file=@big.bin", c / 1e6, 268.435456 / (c / 1e6), cr / 1024
  printf "%-44s %7.2f s   %7.1f MB/s   peak RSS %6.1f MiB\n", "ftctl files upload big.bin --no-validate", f / 1e6, 268.435456 / (f / 1e6), fr / 1024
  printf "ftctl rate / curl rate: %.0f%%\n", 100 * c / f }'
rm -f "$work/big.bin"

# Token counting and dataset checks against the Python references, in the same run.
echo
RELEASE_BIN=$(dirname "$FTCTL")
PY=${BENCH_PYTHON:-.build/test-venv/bin/python3}
TOKENIZERS=${FTCTL_TOKENIZERS_DIR:-../shared/tokenizers}
if [ -x "$RELEASE_BIN/fttok-bench" ] && [ -f "$TOKENIZERS/cl100k_base.tiktoken" ]; then
  "$RELEASE_BIN/fttok-bench" --rank-file "$TOKENIZERS/cl100k_base.tiktoken" --python "$PY"
fi
if [ -x "$RELEASE_BIN/ftds-bench" ]; then
  "$RELEASE_BIN/ftds-bench" --size-mb 100 --python "$PY" --script bench/cookbook_checks.py
  "$RELEASE_BIN/ftds-bench" --size-mb 1024 --no-python --runs 3 --keep | tee "$work/ftds-1g.out"
  # The whole `ftctl validate` process on the same 1 GB file, as a user runs it: its peak memory
  # from GNU time (the in-process figures above include the benchmark's own memory).
  big=$(sed -n 's/^file: \(.*\) (.*/\1/p' "$work/ftds-1g.out")
  if [ -f "$big" ]; then
    start=$(date +%s%N)
    "$TIME" -f "%M" -o "$work/rss" "$FTCTL" validate "$big" -o json > /dev/null 2>&1 || true
    end=$(date +%s%N)
    awk -v us=$(( (end - start) / 1000 )) -v rss="$(cat "$work/rss")" \
      'BEGIN { printf "ftctl validate 1 GB (estimated tokens, duplicates, SHA-256): %.2f s, peak RSS %.1f MiB (goal: <= 64 MiB)\n", us / 1e6, rss / 1024 }'
    rm -rf "$(dirname "$big")"
  fi
fi

# Follow: how many requests `jobs logs --follow` makes, against what bounds it: the lines it
# reads (a page per 100) and the time it waits (at most two requests per poll, a poll a second
# while lines arrive), never the length of the history. A second sandbox makes 12,000 lines in
# about 11 s (120 steps of 100 lines).
"$SANDBOX" --port 0 --speed 3 --events-per-step 100 > "$work/follow-sandbox.out" 2>/dev/null &
follow_sandbox=$!
trap 'kill $sandbox $follow_sandbox 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -qx ready "$work/follow-sandbox.out" && break; sleep 0.1; done
export FTCTL_BASE_URL=$(awk '$1 == "openai" { print $2 }' "$work/follow-sandbox.out")
for i in $(seq 1 120); do echo "{\"messages\":[{\"role\":\"user\",\"content\":\"q$i\"},{\"role\":\"assistant\",\"content\":\"a$i\"}]}"; done > "$work/follow.jsonl"
ffile=$("$FTCTL" files upload "$work/follow.jsonl" -q)

# `job X succeeded: N lines in T, R requests` -> "N R"; the wire's own count from -v.
report() {
  local name=$1 err=$2
  local summary lines requests secs wire
  summary=$(grep -E '^job .*: [0-9]+ lines? in ' "$err" | tail -n 1)
  lines=$(sed -E 's/.*: ([0-9]+) lines? in .*/\1/' <<<"$summary")
  requests=$(sed -E 's/.* ([0-9]+) requests.*/\1/' <<<"$summary")
  secs=$3
  wire=$(grep -c '^> GET ' "$err" || true)
  local bound=$(( (lines + 99) / 100 + 2 * (secs + 1) + 2 ))
  printf "%-44s %6d lines  %5d requests (%d on the wire)  in %3d s   bound %d\n" "$name" "$lines" "$requests" "$wire" "$secs" "$bound"
}

echo "follow requests (bound: ceil(lines/100) + 2 per second waited + 2)"
start=$(date +%s)
"$FTCTL" jobs create --model gpt-4o-mini --training-file "$ffile" --epochs 1 --batch-size 1 --follow -o json -v \
  > "$work/live.out" 2> "$work/live.err"
report "follow a running job to its end" "$work/live.err" $(( $(date +%s) - start ))
fjob=$("$FTCTL" jobs list --limit 1 -q)
start=$(date +%s)
"$FTCTL" jobs logs "$fjob" --follow -o json -v > "$work/done.out" 2> "$work/done.err"
report "follow a finished job from its first line" "$work/done.err" $(( $(date +%s) - start ))
near=$("$FTCTL" jobs logs "$fjob" --tail 11 --raw | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
start=$(date +%s)
"$FTCTL" jobs logs "$fjob" --follow --after "$near" -o json -v > "$work/resume.out" 2> "$work/resume.err"
report "resume 10 lines before the end (--after)" "$work/resume.err" $(( $(date +%s) - start ))
