#!/usr/bin/env bash
# Soak (issue 17): mixed load for SOAK_MINUTES against one live server with DEVICES devices made through
# the API, sampling every SAMPLE_SECONDS the server's resident memory (/proc/PID/status), its GC heap
# size (from /metrics when it exports one; otherwise left empty), and the interval's requests/s, p50 and
# p99 into a CSV; at the end a verdict — memory and p99 of the last third against the first third, the
# first sample left out as warm-up, within FLAT_TOLERANCE — printed for the record, asserted nowhere.
#
#   bash bench/soak.sh                                   # 30 minutes, SQLite, 100 devices
#   SOAK_MINUTES=5 CONFIG=postgres-software bash bench/soak.sh
#
# Environment: SOAK_MINUTES (30), CONFIG (sqlite-software | postgres-software), DEVICES (100),
# CONCURRENCY (8), MIX ("print=80,batch=10,reset=5,verify=5"), BATCH_SIZE (10), SAMPLE_SECONDS (30),
# FLAT_TOLERANCE (0.25), PORT (5099), OUT (interval CSV, default /tmp/ibis-soak-<time>.csv), SUMMARY
# (per-operation CSV of the whole run, default OUT with .summary.csv), SERVER_SOURCE (HEAD | worktree),
# PREBUILT (a directory holding server/ and load/ already published: nothing is built), DEPOSIT (each licensee's
# deposit at setup, dollars; default SOAK_MINUTES x 4,000: a run of 1,900 mixed requests/s spends about $2,500 a
# second over 100 devices, and with setup's old $20,000 a 30-minute soak stopped after 7.5 minutes, every account spent).
# Exits non-zero on a 5xx or transport error, or if the server failed to start; not on the verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_MINUTES=${SOAK_MINUTES:-30}
CONFIG=${CONFIG:-sqlite-software}
DEVICES=${DEVICES:-100}
CONCURRENCY=${CONCURRENCY:-8}
MIX=${MIX:-"print=80,batch=10,reset=5,verify=5"}
BATCH_SIZE=${BATCH_SIZE:-10}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-30}
FLAT_TOLERANCE=${FLAT_TOLERANCE:-0.25}
DEPOSIT=${DEPOSIT:-$((SOAK_MINUTES * 4000)).000}
PORT=${PORT:-5099}
OUT=${OUT:-/tmp/ibis-soak-$(date -u +%Y%m%dT%H%M%SZ).csv}
SUMMARY=${SUMMARY:-${OUT%.csv}.summary.csv}
SERVER_SOURCE=${SERVER_SOURCE:-HEAD}
URL="http://127.0.0.1:$PORT"

case $CONFIG in
  sqlite-software | postgres-software) ;;
  *) echo "CONFIG must be sqlite-software or postgres-software" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/ibis-soak.XXXXXX)
server_pid=""
db=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$db" ]; then su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $db WITH (FORCE)'" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${PREBUILT:-}" ]; then
  echo "Using the server and load driver published in $PREBUILT"
  ln -s "$PREBUILT/server" "$work/server"
  ln -s "$PREBUILT/load" "$work/load"
else
  if [ "$SERVER_SOURCE" = worktree ]; then
    server_project=src/Ibis.Server
  else
    mkdir -p "$work/src"
    git archive "$SERVER_SOURCE" | tar -x -C "$work/src"
    server_project="$work/src/src/Ibis.Server"
  fi
  echo "Building the server (Release, $SERVER_SOURCE) and the load driver into $work ..."
  dotnet publish -c Release "$server_project" -o "$work/server" -v quiet -nologo >/dev/null
  dotnet publish -c Release bench/Ibis.Load -o "$work/load" -v quiet -nologo >/dev/null
fi

# A live installation (see bench/run-load.sh, DEVICES > 1): manual deposits, raised sign-in limits for setup.
mkdir -p "$work/data"
env=(IBIS_DATA_DIR="$work/data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
     Ibis__Sandbox=false Ibis__Payments__Gateway=manual Ibis__RateLimits__SignInPerMinute=100000 Ibis__RateLimits__PublicPerMinute=100000)
if [ "$CONFIG" = postgres-software ]; then
  bash .ci/start-postgres.sh >/dev/null
  db="ibis_soak_$$_$RANDOM"
  su postgres -c "psql -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE $db OWNER ibis'" >/dev/null
  env+=("ConnectionStrings__Ibis=Host=127.0.0.1;Database=$db;Username=ibis;Password=ibis")
fi
env "${env[@]}" dotnet "$work/server/Ibis.Server.dll" admin init --administrator admin@usps.example >"$work/admin-init.log" 2>&1 \
  || { cat "$work/admin-init.log" >&2; exit 1; }
admin_code=$(grep -o 'ibis_inv_[A-Za-z0-9_-]*' "$work/admin-init.log" | head -n 1)
rm -f "$work/admin-init.log"

env "${env[@]}" dotnet "$work/server/Ibis.Server.dll" --urls "$URL" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited during start-up:" >&2; cat "$work/server.log" >&2; server_pid=""; exit 1; fi
  if curl -fsS "$URL/health" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

jq --arg d "$(date -u -d yesterday +%F)" '.name = "load-official-stand-in" | .effective = $d | .sample = false' \
  src/Ibis.Domain/Rates/Samples/sample-2025-07.json >"$work/rate-table.json"
echo "== setup: $DEVICES devices on $CONFIG (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
setup_start=$(date +%s)
dotnet "$work/load/Ibis.Load.dll" setup --url "$URL" --admin-code "$admin_code" --devices "$DEVICES" \
  --rate-table "$work/rate-table.json" --out "$work/devices.json" --parallel "${SETUP_PARALLEL:-4}" --deposit "$DEPOSIT"
echo "-- setup took $(( $(date +%s) - setup_start )) s"

echo "== soak: $SOAK_MINUTES min, $CONFIG, $DEVICES devices, c=$CONCURRENCY, mix $MIX (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
dotnet "$work/load/Ibis.Load.dll" --url "$URL" --devices-file "$work/devices.json" --op mixed --mix "$MIX" \
  --concurrency "$CONCURRENCY" --seconds "$((SOAK_MINUTES * 60))" --max-requests 2000000000 --batch-size "$BATCH_SIZE" \
  --amount 0.010 --top-up 400.000 --top-up-below 50 --warmup 20 \
  --sample-seconds "$SAMPLE_SECONDS" --sample-csv "$OUT" --server-pid "$server_pid" --flat-tolerance "$FLAT_TOLERANCE" \
  --label "soak $CONFIG loadavg $(cut -d' ' -f1 /proc/loadavg)" --csv "$SUMMARY" || status=$?
if [ "$status" -ne 0 ]; then echo "-- server log (last 40 lines):"; tail -n 40 "$work/server.log"; fi
# Kept beside the CSV for what the samples cannot show (the server's own histograms — write-gate turns, commits,
# requests by route — hold the rare long request that a 30-second interval's p99 hides), and its log.
(umask 077
 curl -fsS "$URL/metrics" >"${OUT%.csv}.metrics.txt" 2>/dev/null || true
 cp "$work/server.log" "${OUT%.csv}.server.log" 2>/dev/null || true)
echo
echo "Samples: $OUT"
column -s, -t <"$OUT" || cat "$OUT"
echo "Whole run: $SUMMARY; the server's /metrics at the end and its log: ${OUT%.csv}.metrics.txt, ${OUT%.csv}.server.log"
exit "$status"
