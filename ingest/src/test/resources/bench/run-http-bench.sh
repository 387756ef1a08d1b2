#!/bin/bash
# Runs the HTTP ingest benchmark against HttpIngestBenchServer (see docs/ingest.md, "Performance").
# Usage: run-http-bench.sh SERVER_PID PORT [RUNS=3] [SECONDS=20]
# Order: one 10 s warm-up per body kind (not counted), then RUNS rounds, each running
# fixed/plain, fixed/gzip, varied/plain, varied/gzip in that order, so plain and gzip alternate
# and a change in machine load touches every variant alike. Before each run it prints the load
# average; after it, how many of the 2 cores were busy during the run and with what: the
# server, wrk, and everything else (other people's work on a shared machine). The load average
# alone cannot say that: the benchmark itself keeps well over 2 threads runnable.
# Every wrk run, warm-ups included, prints its requests and non-2xx answers: their sum times the
# events per body is what the server must report handing downstream when it exits (plus at
# most 16 requests per run that were in flight when wrk stopped counting).
set -euo pipefail
SERVER_PID=$1
PORT=$2
RUNS=${3:-3}
SECONDS_PER_RUN=${4:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

# run LABEL [NAME=VALUE...] COMMAND...: one measured wrk run with its CPU breakdown.
run() {
    local label=$1
    shift
    echo "== $label; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    local busy0 server0 start busy1 server1 end
    busy0=$(busy_ticks)
    server0=$(server_ticks)
    start=$(date +%s%N)
    env "$@" 2> "$WORK/time" | grep -E "events accepted/s|bodies|body:"
    end=$(date +%s%N)
    busy1=$(busy_ticks)
    server1=$(server_ticks)
    awk -v busy=$((busy1 - busy0)) -v server=$((server1 - server0)) -v s="$(((end - start) / 1000000))e-3" \
        '/^wrk-cpu/ {wrk = $2 + $3}
         END {printf "cpu over the run, in cores of 2: busy %.2f = server %.2f + wrk %.2f + everything else %.2f\n",
              busy / 100 / s, server / 100 / s, wrk / s, (busy / 100 - server / 100 - wrk) / s}' "$WORK/time"
}

echo "== warm-up (not counted); load average $(cut -d' ' -f1-3 /proc/loadavg)"
DUMP_BODY=$WORK/fixed.ndjson wrk -t2 -c16 -d10s -s "$HERE/ndjson-bulk.lua" "$URL" | grep -E "body:"
mkdir "$WORK/varied"
DUMP_DIR=$WORK/varied wrk -t2 -c16 -d10s -s "$HERE/ndjson-varied.lua" "$URL" | grep -E "bodies"
gzip -k "$WORK/fixed.ndjson" "$WORK"/varied/*.ndjson
echo "fixed body: $(wc -c < "$WORK/fixed.ndjson") bytes, gzip $(wc -c < "$WORK/fixed.ndjson.gz");" \
    "varied bodies: $(cat "$WORK"/varied/*.ndjson | wc -c) bytes, gzip $(cat "$WORK"/varied/*.gz | wc -c)"

WRK=(/usr/bin/time -f "wrk-cpu %U %S" wrk -t2 -c16 "-d${SECONDS_PER_RUN}s")
for round in $(seq 1 "$RUNS"); do
    run "round $round fixed/plain" "${WRK[@]}" -s "$HERE/ndjson-bulk.lua" "$URL"
    run "round $round fixed/gzip" BODY_GZ_FILE="$WORK/fixed.ndjson.gz" "${WRK[@]}" -s "$HERE/ndjson-bulk.lua" "$URL"
    run "round $round varied/plain" "${WRK[@]}" -s "$HERE/ndjson-varied.lua" "$URL"
    run "round $round varied/gzip" GZ_DIR="$WORK/varied" "${WRK[@]}" -s "$HERE/ndjson-varied.lua" "$URL"
done
