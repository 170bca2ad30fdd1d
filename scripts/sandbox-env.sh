# Sourced by bench.sh and startup-order.sh: starts $SANDBOX on loopback, ends it (and removes
# $work) when the script exits, points ftctl at its openai emulation with a HOME of its own, and
# leaves a training file in $file and jobs (the last in $job) made from it. Needs FTCTL, SANDBOX.
work=$(mktemp -d)
"$SANDBOX" --port 0 --speed 1000 > "$work/sandbox.out" 2>/dev/null &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -qx ready "$work/sandbox.out" && break; sleep 0.1; done
grep -qx ready "$work/sandbox.out" || { echo "$SANDBOX did not start (make bench builds the release sandbox)" >&2; exit 1; }
export HOME=$work XDG_CONFIG_HOME=$work/config OPENAI_API_KEY=sk-sandbox
export FTCTL_BASE_URL=$(awk '$1 == "openai" { print $2 }' "$work/sandbox.out")
file=$("$FTCTL" files upload examples/demo.jsonl -q)
for _ in 1 2 3; do job=$("$FTCTL" jobs create --model gpt-4o-mini --training-file "$file" -q); done
