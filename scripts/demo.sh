#!/usr/bin/env bash
# The main job, end to end, on the local sandbox: upload a dataset, create a job and follow its
# logs until it ends, then list jobs and show its logs, checkpoints and a chart of its loss.
# No account, no spend.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
SPEED=${SPEED:-1}
ftctl() { "$BIN/ftctl" "$@"; }
say() { printf '\n\033[1m$ ftctl %s\033[0m\n' "$*"; ftctl "$@"; }

work=$(mktemp -d)
"$BIN/ftctl-sandbox" --port 0 --speed "$SPEED" > "$work/sandbox.out" 2> "$work/sandbox.err" &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  grep -qx ready "$work/sandbox.out" && break
  kill -0 $sandbox 2>/dev/null || { cat "$work/sandbox.err" >&2; exit 1; }
  sleep 0.1
done
echo "ftctl-sandbox is serving:"
sed 's/^/  /' "$work/sandbox.out"

# A private config, so the demo never touches yours.
export FTCTL_CONFIG="$work/config.yaml" FTCTL_PROVIDER=openai OPENAI_API_KEY=sk-sandbox
export FTCTL_BASE_URL=$(awk '$1 == "openai" { print $2 }' "$work/sandbox.out")

say files upload examples/demo.jsonl
file=$(ftctl files list -q | head -n 1)
# Create the job and follow its logs until it ends; the exit code is the outcome.
say jobs create --model gpt-4o-mini --training-file "$file" --epochs 3 --suffix demo --metadata team=support --follow
job=$(ftctl jobs list --limit 1 -q)

say jobs list
say jobs logs "$job" --tail 8
say jobs checkpoints "$job"
say jobs metrics "$job" --plot
say jobs get "$job" --exit-status
