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
# WARMUP_SECONDS (30): with DEVICES > 1, before its first cell each live server runs its prints, resets and
# batches for at least this long, not recorded, so that the cells measure compiled code: .NET compiles a method
# again, optimised, only after it has run a while, and a minute into a run the compiler still took a fifth of
# the server's processor time (bench/RESULTS.md). The warm-up then goes on, round by round, until a round's
# compiling (the server's dotnet_jit_compilation_time_seconds_total on /metrics) took under WARMUP_JIT_PCT (2)
# percent of the round, or until WARMUP_MAX_SECONDS (240). 0: no warm-up (the figures of runs before 2026-12-07).
# BATCH_CONCURRENCY ("1"): the batch cells' concurrencies.
# PACED_PCT (25): with DEVICES > 1, one more print cell in open loop (Ibis.Load --rate): prints started on a fixed
# schedule at this percent of the configuration's commit ceiling (issue 17: "p99 under 20 ms at half that rate", half
# of 50 %), at most the last of CONCURRENCY in flight, latency from each print's due time; its label says "paced".
# "" leaves it out.
# PostgreSQL: by default the local cluster of the tests (.ci/start-postgres.sh, port 5432; tuned by
# .ci/postgres-for-tests.sh with fsync, synchronous_commit and full_page_writes off, so NOT durable).
# PG_DURABLE=1 instead starts a private PostgreSQL cluster under /tmp (initdb, PG_DURABLE_PORT, default 5440;
# fsync, synchronous_commit and full_page_writes on) for this run and removes it at the end.
# The PostgreSQL cells' ratios use PostgreSQL's own commit ceiling, measured first on the cluster the server
# uses (a database of its own, dropped after) at each of PG_CEILING_CLIENTS ("1 4 16 32 64", best kept); the
# SQLite cells keep SQLite's. The CSV gets three columns at the end for this run's rows: ceiling (its name,
# e.g. postgres-commits-durable), ceiling_per_s and ratio_pct.
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
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
WARMUP_JIT_PCT=${WARMUP_JIT_PCT:-2}
WARMUP_MAX_SECONDS=${WARMUP_MAX_SECONDS:-240}
PACED_PCT=${PACED_PCT-25}
BATCH_CONCURRENCY=${BATCH_CONCURRENCY:-1}
MIXED_CONCURRENCY=${MIXED_CONCURRENCY:-${CONCURRENCY##* }}
MIXED_BATCH_SIZE=${MIXED_BATCH_SIZE:-10}
OUT=${OUT:-/tmp/ibis-load-$(date -u +%Y%m%dT%H%M%SZ).csv}
SERVER_SOURCE=${SERVER_SOURCE:-HEAD}
PG_DURABLE=${PG_DURABLE:-0}
PG_DURABLE_PORT=${PG_DURABLE_PORT:-5440}
PG_CEILING_CLIENTS=${PG_CEILING_CLIENTS:-"1 4 16 32 64"}
URL="http://127.0.0.1:$PORT"
# This run's rows of OUT start after the lines it already holds (the ratio columns are added to them only).
out_lines_before=0
if [ -f "$OUT" ]; then out_lines_before=$(wc -l <"$OUT"); fi

work=$(mktemp -d /tmp/ibis-load.XXXXXX)
server_pid=""
cell_db=""
failures=0
pg_dir=""        # PG_DURABLE=1: the private cluster's directory (data, socket, log)
pg_bin=""
pg_socket=""     # psql's -h for the cluster the cells use (empty: the default socket of the test cluster)
pg_port=5432

# pg_admin SQL...: runs each SQL as the postgres superuser on the cluster the cells use.
pg_admin() {
  local -a args=(-X -q -v ON_ERROR_STOP=1 -p "$pg_port")
  if [ -n "$pg_socket" ]; then args+=(-h "$pg_socket"); fi
  local sql
  for sql in "$@"; do args+=(-c "$sql"); done
  runuser -u postgres -- psql "${args[@]}"
}

drop_db() {
  if [ -n "$cell_db" ]; then
    pg_admin "DROP DATABASE IF EXISTS $cell_db WITH (FORCE)" >/dev/null 2>&1 || true
    cell_db=""
  fi
}

# A private cluster that waits for the disk at every commit, owned by postgres, under /tmp (same disk as the
# test cluster's); the same version and, apart from durability, the settings the test cluster runs with
# (shared_buffers 128 MB, 100 connections, TLS with the machine's snake-oil certificate when it has one).
start_durable_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pg_bin" ]; then echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; return 1; fi
  pg_dir=$(mktemp -d /tmp/ibis-pg-durable.XXXXXX)
  chown postgres: "$pg_dir"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$pg_dir/initdb.log" 2>&1 \
    || { echo "initdb failed:" >&2; cat "$pg_dir/initdb.log" >&2; return 1; }
  local -a settings=(-c "port=$PG_DURABLE_PORT" -c listen_addresses=127.0.0.1 -c "unix_socket_directories=$pg_dir"
    -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=128MB -c max_connections=100)
  if [ -r /etc/ssl/private/ssl-cert-snakeoil.key ] && runuser -u postgres -- test -r /etc/ssl/private/ssl-cert-snakeoil.key; then
    settings+=(-c ssl=on -c ssl_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem -c ssl_key_file=/etc/ssl/private/ssl-cert-snakeoil.key)
  fi
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "${settings[*]}" start >/dev/null \
    || { echo "the durable cluster did not start:" >&2; cat "$pg_dir/server.log" >&2; return 1; }
  pg_socket=$pg_dir
  pg_port=$PG_DURABLE_PORT
  pg_admin "CREATE ROLE ibis LOGIN CREATEDB PASSWORD 'ibis'" >/dev/null
}

stop_durable_postgres() {
  if [ -n "$pg_dir" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
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
  if [ -n "${ceiling_db:-}" ]; then pg_admin "DROP DATABASE IF EXISTS $ceiling_db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  stop_durable_postgres
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

ceiling_db=""
ceiling_args=()
if [[ "$CONFIGS" == *postgres* ]]; then
  if [ "$PG_DURABLE" = 1 ]; then
    echo "Starting a durable PostgreSQL cluster on port $PG_DURABLE_PORT ..."
    start_durable_postgres
  else
    bash .ci/start-postgres.sh >/dev/null
    pg_port=$(runuser -u postgres -- psql -X -tAc 'SHOW port')
  fi
  # PostgreSQL's commit ceiling on the cluster the cells use, as the server connects to it (TCP, role ibis).
  ceiling_db="ibis_ceiling_$$_$RANDOM"
  pg_admin "CREATE DATABASE $ceiling_db OWNER ibis" >/dev/null
  ceiling_args=(--postgres "Host=127.0.0.1;Port=$pg_port;Database=$ceiling_db;Username=ibis;Password=ibis" --postgres-clients "$PG_CEILING_CLIENTS")
fi

# The ceilings of this machine, measured in the same run (issue 17 states its targets as ratios to them).
echo "== ceilings (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet "$work/load/Ibis.Load.dll" ceilings --seconds "${CEILING_SECONDS:-3}" --env "$work/ceilings.env" "${ceiling_args[@]}"
# shellcheck disable=SC1091
. "$work/ceilings.env"
if [ -n "$ceiling_db" ]; then pg_admin "DROP DATABASE IF EXISTS $ceiling_db WITH (FORCE)" >/dev/null; ceiling_db=""; fi
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
      pg_admin "CREATE DATABASE $cell_db OWNER ibis" >/dev/null
      env+=("ConnectionStrings__Ibis=Host=127.0.0.1;Port=$pg_port;Database=$cell_db;Username=ibis;Password=ibis")
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
  local -a args=(--url "$URL" --concurrency "$c" --seconds "$SECONDS_PER_CELL" --label "$config${CELL_TAG:+ $CELL_TAG} loadavg $(cut -d' ' -f1 /proc/loadavg)" --csv "$OUT" "$@")
  if ! dotnet "$work/load/Ibis.Load.dll" "${args[@]}"; then
    failures=$((failures + 1))
    echo "-- server log (last 40 lines):"; tail -n 40 "$cell_dir/server.log"
  fi
}

# jit_seconds: the server's compiling time so far (seconds, from /metrics), or nothing when it exports none.
jit_seconds() {
  curl -fsS "$URL/metrics" 2>/dev/null | awk '/^dotnet_jit_compilation_time_seconds_total/ { print $2; exit }' || true
}

# warm_up CONFIG ARGS...: rounds of each operation of the cells, nothing recorded, for WARMUP_SECONDS and then
# until the JIT is quiet (WARMUP_JIT_PCT) or WARMUP_MAX_SECONDS; a refusal here is not a failure (the cells that
# follow count theirs). Under load on two cores the compiler's background thread gets little processor time:
# a server took some 30 s of prints at c=16 before its compiling fell under 2 % of the time (bench/RESULTS.md).
warm_up() {
  local config=$1; shift
  [ "$WARMUP_SECONDS" -gt 0 ] || return 0
  echo "== $config: warm-up, at least ${WARMUP_SECONDS} s of prints, batches and resets, not recorded, until the JIT is quiet"
  local third=$(( (WARMUP_SECONDS + 2) / 3 ))
  local -a common=(--url "$URL" --seconds "$third" --warmup 0 "$@")
  local started=$SECONDS round=0 jit0 jit1 took
  while :; do
    round=$((round + 1)); jit0=$(jit_seconds); local round_started=$SECONDS
    dotnet "$work/load/Ibis.Load.dll" "${common[@]}" --op print --concurrency "${CONCURRENCY##* }" >/dev/null 2>&1 || true
    dotnet "$work/load/Ibis.Load.dll" "${common[@]}" --op batch --concurrency 1 --batch-size "$BATCH_SIZE" --classes letter=1 >/dev/null 2>&1 || true
    dotnet "$work/load/Ibis.Load.dll" "${common[@]}" --op reset --concurrency 4 --amount 0.010 >/dev/null 2>&1 || true
    jit1=$(jit_seconds); took=$((SECONDS - round_started))
    if [ -z "$jit0" ] || [ -z "$jit1" ]; then echo "   round $round: the server exports no JIT time; warm-up ends"; break; fi
    local quiet
    quiet=$(awk -v a="$jit0" -v b="$jit1" -v t="$took" -v pct="$WARMUP_JIT_PCT" 'BEGIN { d = b - a; printf "%.2f %d", d, (t > 0 && 100 * d / t < pct) }')
    echo "   round $round: ${took} s, the JIT compiled for ${quiet% *} s of it"
    if [ "${quiet#* }" = 1 ]; then break; fi
    if [ $((SECONDS - started)) -ge "$WARMUP_MAX_SECONDS" ]; then echo "   the JIT is still busy after ${WARMUP_MAX_SECONDS} s; the cells start anyway"; break; fi
  done
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
    warm_up "$config" "${spread[@]}"
    for c in $CONCURRENCY; do run_cell "$config" print "$c" "${spread[@]}" --op print --warmup 20; done
    if [ -n "$PACED_PCT" ]; then
      paced_ceiling=$COMMITS
      if [[ $config == postgres-* ]] && [ -n "${PG_COMMITS:-}" ]; then paced_ceiling=$PG_COMMITS; fi
      paced_rate=$(awk -v c="$paced_ceiling" -v p="$PACED_PCT" 'BEGIN { printf "%.0f", c * p / 100 }')
      CELL_TAG="paced $paced_rate/s" run_cell "$config" print "${CONCURRENCY##* }" "${spread[@]}" --op print --warmup 20 --rate "$paced_rate"
    fi
    for c in $CONCURRENCY; do run_cell "$config" reset "$c" "${spread[@]}" --op reset --warmup 20 --amount 0.010; done
    for c in $BATCH_CONCURRENCY; do run_cell "$config" batch "$c" "${spread[@]}" --op batch --batch-size "$BATCH_SIZE" --warmup 1 --classes letter=1; done
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
# Ratios to the ceilings: prints and resets against durable commits (a PostgreSQL cell against PostgreSQL's own
# ceiling, a SQLite cell against SQLite's), batches against 2-thread signing, verifications against 1-thread
# verifying; a mixed cell's per-operation rows (mix column set) are its parts. This run's rows of the CSV get the
# ceiling's name, its value and the ratio as three columns at the end.
if [ -s "$OUT" ]; then
  pg_ceiling_name=""
  if [ -n "${PG_COMMITS:-}" ]; then
    if [ "$PG_COMMIT_DURABLE" = 1 ]; then pg_ceiling_name=postgres-commits-durable; else pg_ceiling_name=postgres-commits-not-durable; fi
  fi
  echo
  pg_ceiling_text="not measured"
  if [ -n "$pg_ceiling_name" ]; then pg_ceiling_text="$PG_COMMITS commits/s with $PG_COMMIT_CLIENTS clients, $PG_COMMIT_SETTINGS"; fi
  echo "Ratios (ceilings: SQLite $COMMITS commits/s; PostgreSQL $pg_ceiling_text; $SIGNS signs/s on 2 threads; $VERIFIES verifies/s on 1 thread):"
  awk -F, -v OFS=, -v from="$out_lines_before" -v commits="$COMMITS" -v pgcommits="${PG_COMMITS:-}" -v pgname="$pg_ceiling_name" \
      -v signs="$SIGNS" -v verifies="$VERIFIES" -v csv="$work/out-with-ceilings.csv" '
    FNR == 1 { print ($0 ~ /,ceiling,ceiling_per_s,ratio_pct$/ ? $0 : $0 ",ceiling,ceiling_per_s,ratio_pct") >csv; next }
    FNR <= from || $2 == "" { print >csv; next }
    {
      devices = ($17 == "" ? 1 : $17); part = (NF >= 18 && $18 != "" && $2 != "mixed") ? " (in mix)" : "";
      where = sprintf("%s, %s dev%s", $1, devices, part);
      postgres = ($1 ~ /^postgres/);
      if ($2 == "batch") { name = "signs-2-threads"; ceiling = signs; rate = $9; what = "pieces/s"; of = "the sign ceiling" }
      else if ($2 == "verify") { name = "verifies-1-thread"; ceiling = verifies; rate = $8; what = "requests/s"; of = "the verify ceiling" }
      else {
        if (postgres) { name = pgname; ceiling = pgcommits; of = "PostgreSQL'"'"'s commit ceiling" }
        else { name = "sqlite-commits"; ceiling = commits; of = "SQLite'"'"'s commit ceiling" }
        if ($2 == "mixed") { rate = $9; what = "pieces/s"; of = of " (pieces)" } else { rate = $8; what = "requests/s" }
      }
      ratio = (ceiling > 0) ? sprintf("%.1f", 100 * rate / ceiling) : "";
      if ($2 == "mixed") printf "  %-52s mixed c=%s: %8.0f requests/s, %8.0f %s = %5s %% of %s; p99 %s ms\n", where, $3, $8, rate, what, ratio, of, $12;
      else printf "  %-52s %s c=%s: %8.0f %s = %5s %% of %s; p99 %s ms\n", where, $2, $3, rate, what, ratio, of, $12;
      print $0, name, ceiling, ratio >csv;
    }' "$OUT"
  cat "$work/out-with-ceilings.csv" >"$OUT"
fi
if [ "$failures" -gt 0 ]; then echo "$failures cell(s) failed" >&2; exit 1; fi
