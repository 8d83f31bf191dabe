#!/usr/bin/env bash
# End-to-end load measurements (bench/RESULTS.md, "End-to-end load"): for each configuration
# (SQLite or PostgreSQL, software key store or PKCS#11 on SoftHSM2) and each cell (print and
# reset at concurrency 1/4/16, batches of 100 at concurrency 1), starts a Release server with a
# fresh data directory, database and token, drives its sandbox device with bench/Ibis.Load on
# loopback, stops the server and removes what the cell made.
#
#   bash bench/run-load.sh                      # everything (needs root for PostgreSQL via su)
#   CONFIGS="sqlite-software" SECONDS_PER_CELL=5 bash bench/run-load.sh
#
# Environment: CONFIGS, CONCURRENCY ("1 4 16"), SECONDS_PER_CELL (10), BATCH_SIZE (100), BATCH_ROUNDS (3),
# PORT (5099), OUT (CSV file, default /tmp/ibis-load-<time>.csv), SERVER_SOURCE (a commit, default
# HEAD, or "worktree"), CEILING_SECONDS (3: time per ceiling, measured first; the ratios print last).
# Exits non-zero if any cell saw a 5xx or a transport error, or if a server failed to start.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIGS=${CONFIGS:-"sqlite-software sqlite-pkcs11 postgres-software postgres-pkcs11"}
CONCURRENCY=${CONCURRENCY:-"1 4 16"}
SECONDS_PER_CELL=${SECONDS_PER_CELL:-10}
BATCH_SIZE=${BATCH_SIZE:-100}
BATCH_ROUNDS=${BATCH_ROUNDS:-3}
PORT=${PORT:-5099}
OUT=${OUT:-/tmp/ibis-load-$(date -u +%Y%m%dT%H%M%SZ).csv}
SERVER_SOURCE=${SERVER_SOURCE:-HEAD}
URL="http://127.0.0.1:$PORT"

work=$(mktemp -d /tmp/ibis-load.XXXXXX)
server_pid=""
cell_db=""
failures=0

drop_db() {
  if [ -n "$cell_db" ]; then
    su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS $cell_db WITH (FORCE)'" >/dev/null 2>&1 || true
    cell_db=""
  fi
}

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

cleanup() {
  stop_server
  drop_db
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server is built from a commit (default HEAD, via git archive) so that uncommitted edits in the
# working tree do not leak into the numbers; SERVER_SOURCE=worktree builds the working tree instead.
if [ "$SERVER_SOURCE" = worktree ]; then
  echo "Building the server (Release) from the working tree into $work ..."
  server_project=src/Ibis.Server
else
  echo "Building the server (Release) from $SERVER_SOURCE ($(git rev-parse --short "$SERVER_SOURCE")) into $work ..."
  mkdir -p "$work/src"
  git archive "$SERVER_SOURCE" | tar -x -C "$work/src"
  server_project="$work/src/src/Ibis.Server"
fi
dotnet publish -c Release "$server_project" -o "$work/server" -v quiet -nologo >/dev/null
dotnet publish -c Release bench/Ibis.Load -o "$work/load" -v quiet -nologo >/dev/null

# The ceilings of this machine, measured in the same run (issue 17 states its targets as ratios to them).
echo "== ceilings (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet "$work/load/Ibis.Load.dll" ceilings --seconds "${CEILING_SECONDS:-3}" --env "$work/ceilings.env"
# shellcheck disable=SC1091
. "$work/ceilings.env"

if [[ "$CONFIGS" == *postgres* ]]; then bash .ci/start-postgres.sh >/dev/null; fi
if [[ "$CONFIGS" == *pkcs11* ]] && ! command -v softhsm2-util >/dev/null; then
  echo "softhsm2-util not found (apt-get install -y softhsm2)" >&2
  exit 1
fi

# start_server CONFIG CELL_DIR: fresh data dir, database and token; waits for the sandbox credentials.
start_server() {
  local config=$1 dir=$2
  mkdir -p "$dir/data"
  local -a env=(IBIS_DATA_DIR="$dir/data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production)
  case $config in
    postgres-*)
      cell_db="ibis_load_$$_$RANDOM"
      su postgres -c "psql -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE $cell_db OWNER ibis'" >/dev/null
      env+=("ConnectionStrings__Ibis=Host=127.0.0.1;Database=$cell_db;Username=ibis;Password=ibis")
      ;;
  esac
  case $config in
    *-pkcs11)
      mkdir -p "$dir/tokens"
      printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir/tokens" >"$dir/softhsm2.conf"
      SOFTHSM2_CONF="$dir/softhsm2.conf" softhsm2-util --init-token --free --label ibis-load --so-pin 1234 --pin 5678 >/dev/null
      env+=(SOFTHSM2_CONF="$dir/softhsm2.conf" Ibis__KeyStore__Kind=pkcs11
            Ibis__KeyStore__Pkcs11__Module=/usr/lib/softhsm/libsofthsm2.so
            Ibis__KeyStore__Pkcs11__TokenLabel=ibis-load Ibis__KeyStore__Pkcs11__Pin=5678)
      ;;
  esac
  env "${env[@]}" dotnet "$work/server/Ibis.Server.dll" --urls "$URL" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server exited during start-up:" >&2; cat "$dir/server.log" >&2; server_pid=""; return 1
    fi
    if [ -s "$dir/data/sandbox-credentials.json" ] && curl -fsS "$URL/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "server did not start within 120 s" >&2; cat "$dir/server.log" >&2; return 1
}

n=0
for config in $CONFIGS; do
  cells=()
  for c in $CONCURRENCY; do cells+=("print $c"); done
  for c in $CONCURRENCY; do cells+=("reset $c"); done
  # One sandbox holds about $1,000 of postage, which a batch client spends in about a second:
  # batches are measured on BATCH_ROUNDS fresh servers instead of one long run.
  for _ in $(seq 1 "$BATCH_ROUNDS"); do cells+=("batch 1"); done
  for cell in "${cells[@]}"; do
    read -r op c <<<"$cell"
    n=$((n + 1))
    dir="$work/cell$n"
    echo "== $config $op c=$c (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    if ! start_server "$config" "$dir"; then failures=$((failures + 1)); stop_server; drop_db; continue; fi
    api_key=$(jq -r .api_key "$dir/data/sandbox-credentials.json")
    device=$(jq -r .device_id "$dir/data/sandbox-credentials.json")
    args=(--url "$URL" --api-key "$api_key" --device "$device" --op "$op" --concurrency "$c" --seconds "$SECONDS_PER_CELL"
          --label "$config loadavg $(cut -d' ' -f1 /proc/loadavg)" --csv "$OUT")
    case $op in
      # DR starts at $100 (cap $500) and the deposit account holds $900: fill DR to the cap,
      # top it up once more on the way, then stop when DR runs out (about 1,290 letters).
      print) args+=(--warmup 20 --prefund 400.000 --top-up 400.000 --top-up-below 50) ;;
      batch) args+=(--batch-size "$BATCH_SIZE" --warmup 1 --prefund 400.000 --top-up 400.000 --top-up-below 100) ;;
      reset) args+=(--warmup 50 --amount 0.010) ;;
    esac
    if ! dotnet "$work/load/Ibis.Load.dll" "${args[@]}"; then
      failures=$((failures + 1))
      echo "-- server log (last 40 lines):"; tail -n 40 "$dir/server.log"
    fi
    stop_server
    drop_db
    rm -rf "$dir"
  done
done

echo
echo "Results: $OUT"
if [ -s "$OUT" ]; then column -s, -t <"$OUT" || cat "$OUT"; fi
# Ratios to the ceilings: prints and resets against durable commits, batches against 2-thread signing.
if [ -s "$OUT" ]; then
  echo
  echo "Ratios (ceilings: $COMMITS commits/s, $SIGNS signs/s on 2 threads, $VERIFIES verifies/s on 1 thread):"
  awk -F, -v commits="$COMMITS" -v signs="$SIGNS" 'NR > 1 && $2 != "" {
    if ($2 == "batch") printf "  %-40s batch c=%s: %8.0f pieces/s = %5.1f %% of the sign ceiling\n", $1, $3, $9, 100 * $9 / signs;
    else printf "  %-40s %s c=%s: %8.0f requests/s = %5.1f %% of the commit ceiling\n", $1, $2, $3, $8, 100 * $8 / commits;
  }' "$OUT"
fi
if [ "$failures" -gt 0 ]; then echo "$failures cell(s) failed" >&2; exit 1; fi
