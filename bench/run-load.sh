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
#   DEVICES=100 CONFIGS="sqlite-software postgres-software" bash bench/run-load.sh   # many live devices
#
# Environment: CONFIGS, CONCURRENCY ("1 4 16"), SECONDS_PER_CELL (10), BATCH_SIZE (100), BATCH_ROUNDS (3),
# PORT (5099), OUT (CSV file, default /tmp/ibis-load-<time>.csv), SERVER_SOURCE (a commit, default
# HEAD, or "worktree"), CEILING_SECONDS (3: time per ceiling, measured first; the ratios print last).
# DEVICES (1): 1 drives the sandbox device of a fresh server per cell, as before; N > 1 starts one live
# server per configuration (Ibis:Sandbox=false, admin init), makes N commissioned, funded devices through
# the API (`Ibis.Load setup`, one licensee each, the sample price list re-dated as the official one) and
# runs every cell spread over them. MIX ("print=80,batch=10,reset=5,verify=5"), MIXED_CONCURRENCY (the
# last of CONCURRENCY), MIXED_BATCH_SIZE (10): the mixed cell, one per configuration (MIX="" leaves it out);
# its CSV has one row per operation and one "mixed" row for all of them.
# Exits non-zero if any cell saw a 5xx or a transport error, or if a server failed to start.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIGS=${CONFIGS:-"sqlite-software sqlite-pkcs11 postgres-software postgres-pkcs11"}
CONCURRENCY=${CONCURRENCY:-"1 4 16"}
SECONDS_PER_CELL=${SECONDS_PER_CELL:-10}
BATCH_SIZE=${BATCH_SIZE:-100}
BATCH_ROUNDS=${BATCH_ROUNDS:-3}
PORT=${PORT:-5099}
DEVICES=${DEVICES:-1}
MIX=${MIX-"print=80,batch=10,reset=5,verify=5"}
MIXED_CONCURRENCY=${MIXED_CONCURRENCY:-${CONCURRENCY##* }}
MIXED_BATCH_SIZE=${MIXED_BATCH_SIZE:-10}
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

# start_server CONFIG CELL_DIR [live]: fresh data dir, database and token; waits for the sandbox credentials,
# or, live, bootstraps the installation with `admin init` first (its one-time code in CELL_DIR/admin-code).
start_server() {
  local config=$1 dir=$2 live=${3:-}
  mkdir -p "$dir/data"
  local -a env=(IBIS_DATA_DIR="$dir/data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production)
  if [ -n "$live" ]; then
    # A live installation takes deposits by the manual gateway (confirmed by the provider). Setup signs in
    # about N+3 users from one address: the sign-in and public limits (30 and 120 a minute) are raised for it.
    env+=(Ibis__Sandbox=false Ibis__Payments__Gateway=manual Ibis__RateLimits__SignInPerMinute=100000 Ibis__RateLimits__PublicPerMinute=100000)
  fi
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
  if [ -n "$live" ]; then
    if ! env "${env[@]}" dotnet "$work/server/Ibis.Server.dll" admin init --administrator admin@usps.example >"$dir/admin-init.log" 2>&1; then
      echo "admin init failed:" >&2; cat "$dir/admin-init.log" >&2; return 1
    fi
    (umask 077; grep -o 'ibis_inv_[A-Za-z0-9_-]*' "$dir/admin-init.log" | head -n 1 >"$dir/admin-code")
    rm -f "$dir/admin-init.log"
  fi
  env "${env[@]}" dotnet "$work/server/Ibis.Server.dll" --urls "$URL" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server exited during start-up:" >&2; cat "$dir/server.log" >&2; server_pid=""; return 1
    fi
    if { [ -n "$live" ] || [ -s "$dir/data/sandbox-credentials.json" ]; } && curl -fsS "$URL/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "server did not start within 120 s" >&2; cat "$dir/server.log" >&2; return 1
}

# The price list a live installation prints from: the repository holds SAMPLE lists only, so the sample is
# renamed, re-dated (in force since yesterday) and marked not a sample, as an operator starting from
# `ibis rates sample` does (docs/rate-tables.md); setup loads it as the Postal Service.
rate_table="$work/rate-table.json"
jq --arg d "$(date -u -d yesterday +%F)" '.name = "load-official-stand-in" | .effective = $d | .sample = false' \
  src/Ibis.Domain/Rates/Samples/sample-2025-07.json >"$rate_table"

# mixed_args: the mixed cell's options (weights, batch size, small resets so that DR stays under its cap).
mixed_args=(--op mixed --mix "$MIX" --batch-size "$MIXED_BATCH_SIZE" --amount 0.010 --top-up 400.000 --top-up-below 50 --warmup 20)

# run_cell CONFIG OP C ARGS...: one cell of Ibis.Load; counts a failure.
run_cell() {
  local config=$1 op=$2 c=$3; shift 3
  echo "== $config $op c=$c devices=$DEVICES (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  local -a args=(--url "$URL" --concurrency "$c" --seconds "$SECONDS_PER_CELL" --label "$config loadavg $(cut -d' ' -f1 /proc/loadavg)" --csv "$OUT" "$@")
  if ! dotnet "$work/load/Ibis.Load.dll" "${args[@]}"; then
    failures=$((failures + 1))
    echo "-- server log (last 40 lines):"; tail -n 40 "$cell_dir/server.log"
  fi
}

n=0
for config in $CONFIGS; do
  if [ "$DEVICES" -gt 1 ]; then
    # One live server per configuration: N devices made through the API, then every cell spread over them.
    n=$((n + 1))
    cell_dir="$work/cell$n"
    echo "== $config: live server, setup of $DEVICES devices (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    if ! start_server "$config" "$cell_dir" live; then failures=$((failures + 1)); stop_server; drop_db; continue; fi
    setup_start=$(date +%s)
    if ! dotnet "$work/load/Ibis.Load.dll" setup --url "$URL" --admin-code "$(cat "$cell_dir/admin-code")" --devices "$DEVICES" \
        --rate-table "$rate_table" --out "$cell_dir/devices.json" --parallel "${SETUP_PARALLEL:-4}"; then
      failures=$((failures + 1)); echo "-- server log (last 40 lines):"; tail -n 40 "$cell_dir/server.log"; stop_server; drop_db; continue
    fi
    echo "-- setup took $(( $(date +%s) - setup_start )) s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    spread=(--devices-file "$cell_dir/devices.json")
    for c in $CONCURRENCY; do run_cell "$config" print "$c" "${spread[@]}" --op print --warmup 20; done
    for c in $CONCURRENCY; do run_cell "$config" reset "$c" "${spread[@]}" --op reset --warmup 20 --amount 0.010; done
    run_cell "$config" batch 1 "${spread[@]}" --op batch --batch-size "$BATCH_SIZE" --warmup 1 --classes letter=1
    if [ -n "$MIX" ]; then run_cell "$config" mixed "$MIXED_CONCURRENCY" "${spread[@]}" "${mixed_args[@]}"; fi
    stop_server
    drop_db
    rm -rf "$cell_dir"
    continue
  fi
  cells=()
  for c in $CONCURRENCY; do cells+=("print $c"); done
  for c in $CONCURRENCY; do cells+=("reset $c"); done
  # One sandbox holds about $1,000 of postage, which a batch client spends in about a second:
  # batches are measured on BATCH_ROUNDS fresh servers instead of one long run.
  for _ in $(seq 1 "$BATCH_ROUNDS"); do cells+=("batch 1"); done
  if [ -n "$MIX" ]; then cells+=("mixed $MIXED_CONCURRENCY"); fi
  for cell in "${cells[@]}"; do
    read -r op c <<<"$cell"
    n=$((n + 1))
    cell_dir="$work/cell$n"
    if ! start_server "$config" "$cell_dir"; then failures=$((failures + 1)); stop_server; drop_db; continue; fi
    api_key=$(jq -r .api_key "$cell_dir/data/sandbox-credentials.json")
    device=$(jq -r .device_id "$cell_dir/data/sandbox-credentials.json")
    case $op in
      # DR starts at $100 (cap $500) and the deposit account holds $900: fill DR to the cap,
      # top it up once more on the way, then stop when DR runs out (about 1,290 letters).
      print) run_cell "$config" "$op" "$c" --api-key "$api_key" --device "$device" --op print --warmup 20 --prefund 400.000 --top-up 400.000 --top-up-below 50 ;;
      batch) run_cell "$config" "$op" "$c" --api-key "$api_key" --device "$device" --op batch --batch-size "$BATCH_SIZE" --warmup 1 --prefund 400.000 --top-up 400.000 --top-up-below 100 ;;
      reset) run_cell "$config" "$op" "$c" --api-key "$api_key" --device "$device" --op reset --warmup 50 --amount 0.010 ;;
      mixed)
        # The sandbox device as a devices file of one (mode 0600): the mix on one device, until its money runs out.
        (umask 077; jq --arg url "$URL" '{format: "ibis-load-devices/1", url: $url, created_at: (now | todate),
            devices: [{device_id: .device_id, api_key: .api_key}], shapes: ["letter", "flat", "postcard"]}' \
          "$cell_dir/data/sandbox-credentials.json" >"$cell_dir/devices.json")
        run_cell "$config" "$op" "$c" --devices-file "$cell_dir/devices.json" "${mixed_args[@]}" ;;
    esac
    stop_server
    drop_db
    rm -rf "$cell_dir"
  done
done

echo
echo "Results: $OUT"
if [ -s "$OUT" ]; then column -s, -t <"$OUT" || cat "$OUT"; fi
# Ratios to the ceilings: prints and resets against durable commits, batches against 2-thread signing,
# verifications against 1-thread verifying; a mixed cell's per-operation rows (mix column set) are its parts.
if [ -s "$OUT" ]; then
  echo
  echo "Ratios (ceilings: $COMMITS commits/s, $SIGNS signs/s on 2 threads, $VERIFIES verifies/s on 1 thread):"
  awk -F, -v commits="$COMMITS" -v signs="$SIGNS" -v verifies="$VERIFIES" 'NR > 1 && $2 != "" {
    devices = ($17 == "" ? 1 : $17); part = (NF >= 18 && $18 != "" && $2 != "mixed") ? " (in mix)" : "";
    where = sprintf("%s, %s dev%s", $1, devices, part);
    if ($2 == "batch") printf "  %-52s batch c=%s: %8.0f pieces/s = %5.1f %% of the sign ceiling\n", where, $3, $9, 100 * $9 / signs;
    else if ($2 == "verify") printf "  %-52s verify c=%s: %8.0f requests/s = %5.1f %% of the verify ceiling\n", where, $3, $8, 100 * $8 / verifies;
    else if ($2 == "mixed") printf "  %-52s mixed c=%s: %8.0f requests/s, %8.0f pieces/s = %5.1f %% of the commit ceiling (pieces)\n", where, $3, $8, $9, 100 * $9 / commits;
    else printf "  %-52s %s c=%s: %8.0f requests/s = %5.1f %% of the commit ceiling\n", where, $2, $3, $8, 100 * $8 / commits;
  }' "$OUT"
fi
if [ "$failures" -gt 0 ]; then echo "$failures cell(s) failed" >&2; exit 1; fi
