#!/usr/bin/env bash
# PostgreSQL failover drill (issue 17, "Database failover"; bench/RESULTS.md; docs/operations.md).
#
# Sets up a two-node Patroni cluster with etcd and synchronous replication on this machine, starts Ibis
# (src/Ibis.Server, Release) against it with a multi-host connection string (Target Session
# Attributes=primary), prints under load (bench/failover/client.py: every piece with its own
# Idempotency-Key, retried with the same key until acknowledged), kills the primary mid-load, and checks
# on the new primary (bench/failover/analyze.py): every acknowledged piece is there, the registers
# reconcile (control total = ascending + descending; Σ postage of the pieces = ascending; piece count),
# and how long printing was out of service.
#
#   bash bench/failover/drill.sh                                  # both variants, scratch dir under /tmp
#   bash bench/failover/drill.sh --dir /tmp/drill1 --modes postmaster --seconds 40 --keep
#
# --modes     "postmaster node" (default): postmaster = SIGKILL of the primary's postmaster (its Patroni
#             lives on, notices, fails over and rejoins the node as a replica); node = SIGKILL of the
#             primary's Patroni and postmaster together (a node crash: failover after the etcd lease,
#             the node restarted --restart seconds after the kill and rejoining via pg_rewind).
# --seconds   load per variant (default 40); the kill comes 8 s in.
# --restart   seconds after a node kill to restart the node (default 30).
# --server    a published Ibis.Server directory to reuse (default: dotnet publish -c Release into DIR/server).
# --keep      leave the cluster and Ibis running at the end (stop later with: bash drill.sh --dir DIR --stop).
# --stop      stop what a kept drill in --dir left running, and exit.
# --cluster-only  set up and start the Patroni pair (no Ibis, no load) and leave it running.
#
# Needs root (Patroni runs as the postgres OS user via runuser), Debian's patroni, python3-etcd,
# etcd-server, etcd-client and PostgreSQL 15. Ports (loopback only): PostgreSQL 5441/5442, Patroni REST
# 8008/8009, etcd 2379/2380, Ibis 5399. Everything the drill writes is under DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

DIR=/tmp/ibis-failover-$(date -u +%Y%m%dT%H%M%SZ)
MODES="postmaster node"
SECONDS_PER_RUN=40
RESTART_AFTER=30
SERVER=""
KEEP=0
STOP=0
CLUSTER_ONLY=0
WORKERS=${WORKERS:-2}
PAUSE=${PAUSE:-0.1}
while [ $# -gt 0 ]; do
  case $1 in
    --dir) DIR=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --restart) RESTART_AFTER=$2; shift 2 ;;
    --server) SERVER=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --stop) STOP=1; shift ;;
    --cluster-only) CLUSTER_ONLY=1; KEEP=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
DIR=$(mkdir -p "$DIR" && cd "$DIR" && pwd)

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=(0 5441 5442)
RESTPORT=(0 8008 8009)
ETCDPORT=2379
ETCDPEER=2380
IBISPORT=5399
URL=http://127.0.0.1:$IBISPORT
export PATRONICTL_CONFIG_FILE=$DIR/node1.yml

log() { echo "[$(date -u +%H:%M:%S)] $*"; }

# ---------- the cluster ----------

leader() {
  local n
  for n in 1 2; do
    curl -s --max-time 2 "http://127.0.0.1:${RESTPORT[$n]}/cluster" 2>/dev/null |
      python3 -c 'import json,sys; print([m["name"] for m in json.load(sys.stdin)["members"] if m["role"]=="leader" and m["state"]=="running"][0])' 2>/dev/null && return 0
  done
  return 1
}

healthy() { # a running leader and a streaming synchronous standby
  local n
  for n in 1 2; do
    curl -s --max-time 2 "http://127.0.0.1:${RESTPORT[$n]}/cluster" 2>/dev/null |
      python3 -c 'import json,sys; m=json.load(sys.stdin)["members"]; sys.exit(0 if any(x["role"]=="leader" and x["state"]=="running" for x in m) and any(x["role"]=="sync_standby" and x["state"] in ("running","streaming") for x in m) else 1)' 2>/dev/null && return 0
  done
  return 1
}

wait_healthy() {
  local i
  for i in $(seq 1 "${1:-120}"); do healthy && return 0; sleep 1; done
  log "cluster not healthy (leader + sync standby) after ${1:-120} s"; patronictl list || true; return 1
}

start_etcd() {
  setsid nohup /usr/bin/etcd --name drill1 --data-dir "$DIR/etcd-data" \
    --listen-client-urls http://127.0.0.1:$ETCDPORT --advertise-client-urls http://127.0.0.1:$ETCDPORT \
    --listen-peer-urls http://127.0.0.1:$ETCDPEER --initial-advertise-peer-urls http://127.0.0.1:$ETCDPEER \
    --initial-cluster drill1=http://127.0.0.1:$ETCDPEER --initial-cluster-state new --initial-cluster-token ibis-drill \
    --logger zap --log-outputs stderr >>"$DIR/logs/etcd.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/etcd.pid"
  local i
  for i in $(seq 1 30); do
    ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:$ETCDPORT endpoint health >/dev/null 2>&1 && { log "etcd up (pid $(cat "$DIR/pids/etcd.pid"))"; return 0; }
    sleep 1
  done
  log "etcd did not start"; tail -20 "$DIR/logs/etcd.log"; return 1
}

start_node() {
  local n=$1
  setsid runuser -u postgres -- /usr/bin/patroni "$DIR/node$n.yml" >>"$DIR/logs/patroni-node$n.stdout" 2>&1 </dev/null &
  local runuser_pid=$! i pat=""
  for i in $(seq 1 20); do
    pat=$(pgrep -P "$runuser_pid" -f "patroni $DIR/node$n.yml" || true)
    [ -n "$pat" ] && break
    sleep 0.5
  done
  echo "$pat" >"$DIR/pids/patroni-node$n.pid"
  log "node$n: patroni pid $pat"
}

stop_node() {
  local n=$1 pid
  pid=$(cat "$DIR/pids/patroni-node$n.pid" 2>/dev/null || true)
  if [ -z "$pid" ] || ! grep -q "node$n.yml" "/proc/$pid/cmdline" 2>/dev/null; then return 0; fi
  kill -TERM "$pid"
  for _ in $(seq 1 60); do [ -d "/proc/$pid" ] || break; sleep 1; done
  log "node$n stopped"
}

stop_all() {
  stop_ibis
  local l order="1 2"
  l=$(leader || true)
  case $l in node1) order="2 1" ;; node2) order="1 2" ;; esac # the replica first: stopping the leader first is a failover
  for n in $order; do stop_node "$n"; done
  local pid
  pid=$(cat "$DIR/pids/etcd.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && grep -q etcd "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"; for _ in $(seq 1 20); do [ -d "/proc/$pid" ] || break; sleep 1; done; log "etcd stopped"
  fi
}

render() {
  local n=$1
  sed -e "s|@NAME@|node$n|g; s|@DRILL@|$DIR|g; s|@RESTPORT@|${RESTPORT[$n]}|g; s|@PGPORT@|${PGPORT[$n]}|g" \
      -e "s|@ETCDPORT@|$ETCDPORT|g; s|@PGBIN@|$PGBIN|g; s|@SUPERPASS@|$SUPERPASS|g; s|@REPLPASS@|$REPLPASS|g; s|@REWINDPASS@|$REWINDPASS|g" \
      "$here/node.yml.in" >"$DIR/node$n.yml"
  chown postgres:postgres "$DIR/node$n.yml"; chmod 600 "$DIR/node$n.yml"
}

setup_cluster() {
  for p in ${PGPORT[1]} ${PGPORT[2]} ${RESTPORT[1]} ${RESTPORT[2]} $ETCDPORT $ETCDPEER $IBISPORT; do
    if ss -ltn "( sport = :$p )" | grep -q LISTEN; then echo "port $p is in use; stop what holds it (or a kept drill: --stop)" >&2; exit 1; fi
  done
  mkdir -p "$DIR"/{etcd-data,data,sock,pgpass,logs/patroni-node1,logs/patroni-node2,pids,runs}
  chmod 700 "$DIR/etcd-data" "$DIR/data" "$DIR/pgpass"
  chmod 755 "$DIR"
  chown postgres:postgres "$DIR/data" "$DIR/sock" "$DIR/pgpass" "$DIR/logs" "$DIR/logs/patroni-node1" "$DIR/logs/patroni-node2"
  if [ ! -s "$DIR/secrets.env" ]; then
    umask 077
    { echo "SUPERPASS=$(openssl rand -hex 16)"; echo "REPLPASS=$(openssl rand -hex 16)"; echo "REWINDPASS=$(openssl rand -hex 16)"; echo "APPPASS=$(openssl rand -hex 16)"; } >"$DIR/secrets.env"
    umask 022
  fi
  # shellcheck disable=SC1091
  . "$DIR/secrets.env"
  render 1; render 2
  start_etcd
  start_node 1
  for _ in $(seq 1 60); do leader >/dev/null && break; sleep 1; done
  leader >/dev/null || { log "node1 did not become leader"; tail -30 "$DIR/logs/patroni-node1.stdout"; exit 1; }
  start_node 2
  wait_healthy 120
  patronictl list
  PGPASSWORD=$SUPERPASS psql "host=127.0.0.1,127.0.0.1 port=${PGPORT[1]},${PGPORT[2]} user=postgres dbname=postgres target_session_attrs=read-write" \
    -Xq -v ON_ERROR_STOP=1 -c "CREATE ROLE ibis_app LOGIN PASSWORD '$APPPASS'" -c "CREATE DATABASE ibis OWNER ibis_app"
}

# ---------- Ibis ----------

stop_ibis() {
  local pid
  pid=$(cat "$DIR/pids/ibis.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then kill -TERM "$pid"; for _ in $(seq 1 20); do [ -d "/proc/$pid" ] || break; sleep 0.5; done; log "Ibis stopped"; fi
}

start_ibis() {
  if [ -z "$SERVER" ]; then
    log "publishing src/Ibis.Server (Release) into $DIR/server"
    dotnet publish -c Release "$repo/src/Ibis.Server" -o "$DIR/server" -v quiet -nologo >"$DIR/logs/publish.log" 2>&1 || { tail -30 "$DIR/logs/publish.log"; exit 1; }
    SERVER=$DIR/server
  fi
  CS="Host=127.0.0.1:${PGPORT[1]},127.0.0.1:${PGPORT[2]};Database=ibis;Username=ibis_app;Password=$APPPASS;Target Session Attributes=primary;Timeout=2;Host Recheck Seconds=1"
  mkdir -p "$DIR/ibis-data"
  IBIS_DATA_DIR="$DIR/ibis-data" ConnectionStrings__Ibis="$CS" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    setsid nohup dotnet "$SERVER/Ibis.Server.dll" --urls "$URL" >>"$DIR/logs/ibis.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/ibis.pid"
  for _ in $(seq 1 360); do
    [ -d "/proc/$(cat "$DIR/pids/ibis.pid")" ] || { log "Ibis exited during start-up"; tail -40 "$DIR/logs/ibis.log"; exit 1; }
    if [ -s "$DIR/ibis-data/sandbox-credentials.json" ] && curl -fsS "$URL/health" >/dev/null 2>&1; then log "Ibis up on $URL (pid $(cat "$DIR/pids/ibis.pid"))"; return 0; fi
    sleep 0.5
  done
  log "Ibis did not start in 180 s"; tail -40 "$DIR/logs/ibis.log"; exit 1
}

API_KEY=""; DEVICE=""; DEPOSIT_LEFT=900000
credentials() {
  API_KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_key"])' "$DIR/ibis-data/sandbox-credentials.json")
  DEVICE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["device_id"])' "$DIR/ibis-data/sandbox-credentials.json")
}

top_up() { # fills the descending register towards its $500 cap from the sandbox deposit account ($900)
  local dr want
  dr=$(curl -fsS -H "Authorization: Bearer $API_KEY" "$URL/v1/devices/$DEVICE" | python3 -c 'import json,sys; print(round(float(json.load(sys.stdin)["descending_register"]["amount"])*1000))')
  want=$(( 500000 - dr )); [ $want -gt $DEPOSIT_LEFT ] && want=$DEPOSIT_LEFT
  [ $want -le 0 ] && return 0
  local amount
  amount=$(python3 -c "print('%.3f' % ($want/1000))")
  curl -fsS -o /dev/null -X POST "$URL/v1/devices/$DEVICE/resets" -H "Authorization: Bearer $API_KEY" -H "Content-Type: application/json" \
    -H "Idempotency-Key: drill-topup-$(date +%s%N)" -d "{\"amount\":\"$amount\"}" && DEPOSIT_LEFT=$(( DEPOSIT_LEFT - want ))
  log "reset $amount (descending register was $(python3 -c "print('%.3f' % ($dr/1000))"))"
}

# ---------- one run ----------

monitor() { # every 0.5 s: each node's role as Patroni reports it
  local out=$1 until=$2 line n
  while [ "$(date +%s)" -lt "$until" ]; do
    line="$(date +%s.%N)"
    for n in 1 2; do
      line="$line node$n=$(curl -s --max-time 1 "http://127.0.0.1:${RESTPORT[$n]}/patroni" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role","?")+"/"+d.get("state","?"))' 2>/dev/null || echo down)"
    done
    echo "$line" >>"$out"
    sleep 0.5
  done
}

run_one() {
  local mode=$1 label out l n pm pat
  label="$(date -u +%H%M%S)-$mode"
  out=$DIR/runs/$label; mkdir -p "$out"
  wait_healthy 180
  top_up
  log "run $label: load ${SECONDS_PER_RUN}s, $WORKERS workers, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  cut -d' ' -f1-3 /proc/loadavg >"$out/loadavg_start"
  python3 "$here/client.py" "$URL" "$API_KEY" "$DEVICE" "$out" "$SECONDS_PER_RUN" "$WORKERS" "$PAUSE" >"$out/client.out" 2>&1 &
  local client=$!
  monitor "$out/monitor.log" $(( $(date +%s) + SECONDS_PER_RUN + 20 )) &
  local mon=$!
  sleep 8
  l=$(leader); n=${l#node}
  pm=$(head -1 "$DIR/data/$l/postmaster.pid")
  pat=$(cat "$DIR/pids/patroni-$l.pid")
  date +%s.%N >"$out/kill_ts"
  case $mode in
    postmaster) kill -9 "$pm" ;;
    node) kill -9 "$pat" "$pm" ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  echo "leader=$l postmaster=$pm patroni=$pat mode=$mode" | tee "$out/info"
  log "killed ($mode) $l"
  if [ "$mode" = node ]; then
    sleep "$RESTART_AFTER"
    start_node "$n"
    log "restarted $l at kill+${RESTART_AFTER}s" | tee -a "$out/info"
  fi
  wait "$client" || true
  cat "$out/client.out"
  wait "$mon" || true
  cut -d' ' -f1-3 /proc/loadavg >"$out/loadavg_end"
  patronictl list | tee "$out/patronictl"
  # shellcheck disable=SC1091
  . "$DIR/secrets.env"
  local verdict=0
  PGPASSWORD=$APPPASS python3 "$here/analyze.py" "$out" "$DEVICE" \
    "host=127.0.0.1,127.0.0.1 port=${PGPORT[1]},${PGPORT[2]} dbname=ibis user=ibis_app target_session_attrs=read-write connect_timeout=3" \
    | tee "$out/analysis.txt" || verdict=1
  echo "role transitions (seconds from the kill):"
  awk -v k="$(cat "$out/kill_ts")" '{s=$2" "$3; if (s!=prev) {printf "  %+7.2fs  %s\n", $1-k, s; prev=s}}' "$out/monitor.log" | tee "$out/transitions"
  return $verdict
}

# ---------- main ----------

if [ "$(id -u)" != 0 ]; then echo "run as root (Patroni runs as the postgres user via runuser)" >&2; exit 1; fi
if [ $STOP = 1 ]; then stop_all; exit 0; fi
for t in patroni patronictl etcd etcdctl psql curl openssl python3 dotnet; do command -v $t >/dev/null || { echo "missing: $t" >&2; exit 1; }; done
trap '[ $KEEP = 1 ] || stop_all' EXIT
log "drill directory $DIR; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
setup_cluster
if [ $CLUSTER_ONLY = 1 ]; then log "cluster running; stop it with: bash $0 --dir $DIR --stop"; exit 0; fi
start_ibis
credentials
fails=0
for mode in $MODES; do
  run_one "$mode" || fails=$((fails + 1))
  [ -d "/proc/$(cat "$DIR/pids/ibis.pid")" ] || { log "Ibis is no longer running"; tail -40 "$DIR/logs/ibis.log"; fails=$((fails + 1)); break; }
done
wait_healthy 120 || true
echo
echo "== summary ($DIR/runs)"
for a in "$DIR"/runs/*/analysis.json; do
  python3 - "$a" <<'PY'
import json, sys, os
a = json.load(open(sys.argv[1]))
print(f"{os.path.basename(os.path.dirname(sys.argv[1])):>20}: acknowledged {a['acknowledged']}, lost {a['lost']}, "
      f"time without service {a['time_without_service_s']} s (kill → first ack after failure {a['first_success_after_failure_s']} s), "
      f"longest gap {a['longest_gap_between_acks_s']} s, retried keys {a['retried_keys']}, registers reconcile "
      f"{a['control_total_is_ar_plus_dr'] and a['sum_postage_is_ar'] and a['piece_count_is_pieces']}")
PY
done
[ $fails = 0 ] && echo "drill: PASS" || { echo "drill: FAIL ($fails)"; exit 1; }
