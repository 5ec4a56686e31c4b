#!/usr/bin/env bash
# Ads over HTTP on loopback with the SQLite store: the demo server and wrk on this machine.
#
# Starts `earshot serve --demo` on a fresh database, takes the operator key it prints, and runs wrk
# (2 threads, 16 connections, 15 s) against GET /v1/people/ava/ads ROUNDS times in a row, so the later
# rounds run against a database that already holds hundreds of thousands of impressions. Prints each
# round's requests per second and latency percentiles, then stops the server (SIGTERM: in-flight
# requests finish and buffered impressions are committed). Needs wrk (Debian: apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-4}"
PORT="${PORT:-18180}"
DIR="$(mktemp -d)"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product earshot >/dev/null
.build/release/earshot serve --demo --port "$PORT" --database "$DIR/bench.sqlite" --log-level warning > "$DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do grep -q "listening" "$DIR/serve.log" 2>/dev/null && break; sleep 0.1; done
KEY=$(awk '$1 == "operator" && $2 ~ /^ek_/ { print $2; exit }' "$DIR/serve.log")
[ -n "$KEY" ] || { echo "no operator key in the demo output" >&2; cat "$DIR/serve.log" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/v1/people/ava/ads?surface=social_feed&slots=3"
echo "| round | requests/s | p50 | p90 | p99 | database after |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq "$ROUNDS"); do
    out=$(wrk -t2 -c16 -d15s --latency -H "Authorization: Bearer $KEY" "$URL")
    rps=$(awk '/Requests\/sec/ { print $2 }' <<< "$out")
    p() { awk -v q="$1%" '$1 == q { print $2 }' <<< "$out"; }
    size=$(du -m "$DIR/bench.sqlite" | cut -f1)
    echo "| $round | $rps | $(p 50) | $(p 90) | $(p 99) | ${size} MB |"
done
