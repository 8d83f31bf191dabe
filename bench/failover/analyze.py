#!/usr/bin/env python3
"""Checks one failover run (bench/failover/drill.sh): nothing acknowledged lost, registers reconcile,
and the time without service.

usage: analyze.py RUN_DIR DEVICE_ID PSQL_CONNINFO
Reads RUN_DIR/attempts.jsonl, acks.tsv, kill_ts; reads the device and its indicia from the database
PSQL_CONNINFO reaches (the new primary: target_session_attrs=read-write). Writes RUN_DIR/analysis.json
and prints a summary. Exit status 1 when an acknowledged piece is missing or the registers do not reconcile.
"""
import collections
import json
import os
import subprocess
import sys

run_dir, device, conninfo = sys.argv[1], sys.argv[2], sys.argv[3]
kill = float(open(os.path.join(run_dir, "kill_ts")).read().strip())
attempts = [json.loads(l) for l in open(os.path.join(run_dir, "attempts.jsonl")) if l.strip()]
# Every run of the drill prints on the same device: the pieces in the database are checked against the
# acknowledgements of all runs so far (an earlier run's pieces must survive the later failovers too).
runs = [os.path.join(os.path.dirname(os.path.abspath(run_dir)), d) for d in sorted(os.listdir(os.path.dirname(os.path.abspath(run_dir))))]
acks = [l.rstrip("\n").split("\t") for r in runs if os.path.exists(os.path.join(r, "acks.tsv")) for l in open(os.path.join(r, "acks.tsv")) if l.strip()]
unfinished = [l.strip() for r in runs if os.path.exists(os.path.join(r, "unfinished")) for l in open(os.path.join(r, "unfinished")) if l.strip()]
this_run_keys = {json.loads(l)["key"] for l in open(os.path.join(run_dir, "attempts.jsonl")) if l.strip()}


def sql(query):
    out = subprocess.run(["psql", conninfo, "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


port = sql("SELECT inet_server_port()")[0][0]
db_pieces = {r[0]: (int(r[1]), int(r[2])) for r in sql(f"SELECT \"Id\", \"PieceNumber\", \"PostageMills\" FROM indicia WHERE \"DeviceId\" = '{device}'")}
ar, dr, ct, count = (int(x) for x in sql(f"SELECT \"AscendingMills\", \"DescendingMills\", \"ControlTotalMills\", \"PieceCount\" FROM devices WHERE \"Id\" = '{device}'")[0])
resets = int(sql(f"SELECT COALESCE(SUM(\"AmountMills\"), 0) FROM resets WHERE \"DeviceId\" = '{device}'")[0][0])

acked_ids = {}
for key, iid, piece, t, replay in acks:
    acked_ids.setdefault(key, set()).add(iid)
keys_with_two_ids = [k for k, ids in acked_ids.items() if len(ids) > 1]
ids = {i for s in acked_ids.values() for i in s}
missing = sorted(ids - set(db_pieces))
run_ids_in_db = set(db_pieces)  # the device prints nothing but this drill's load
numbers = sorted(n for n, _ in db_pieces.values())

# Time without service: the first attempt after the kill that failed, to the first acknowledged print after it.
after = sorted((a for a in attempts if a["t1"] >= kill), key=lambda a: a["t0"])
first_fail = next((a for a in after if a["status"] != 201), None)
first_ok = None
if first_fail is not None:
    first_ok = min((a for a in attempts if a["status"] == 201 and a["t1"] > first_fail["t1"]), key=lambda a: a["t1"], default=None)
last_ok_before = max((a["t1"] for a in attempts if a["status"] == 201 and a["t1"] < kill), default=None)
oks = sorted(a["t1"] for a in attempts if a["status"] == 201)
gap = max(((b - a, a, b) for a, b in zip(oks, oks[1:])), default=(0, 0, 0))
failures = collections.Counter(f"{a['status']} {str(a['code'])[:90]}" for a in attempts if a["status"] != 201)
not_replicated = sum(1 for a in attempts if a["code"] == "commit_not_replicated")
retried_keys = {a["key"] for a in attempts if a["attempt"] > 1}
replayed_after_retry = sum(1 for k, iid, p, t, r in acks if r == "True" and k in retried_keys)

result = {
    "primary_port_after": int(port),
    "acknowledged": len(this_run_keys & set(acked_ids)),
    "acknowledged_all_runs": len(acked_ids),
    "attempts": len(attempts),
    "failed_attempts": sum(failures.values()),
    "lost": len(missing),
    "lost_ids": missing[:20],
    "keys_acknowledged_with_two_ids": len(keys_with_two_ids),
    "pieces_in_db": len(db_pieces),
    "pieces_in_db_not_acknowledged": len(run_ids_in_db - ids),
    "unfinished_keys": len(unfinished),
    "piece_numbers_contiguous": numbers == list(range(1, len(numbers) + 1)),
    "registers": {"ascending": ar, "descending": dr, "control_total": ct, "piece_count": count, "sum_postage": sum(p for _, p in db_pieces.values()), "sum_resets": resets},
    "control_total_is_ar_plus_dr": ct == ar + dr,
    "sum_postage_is_ar": sum(p for _, p in db_pieces.values()) == ar,
    "piece_count_is_pieces": count == len(db_pieces),
    "control_total_is_sum_resets": ct == resets,
    "retried_keys": len(retried_keys),
    "retries_answered_by_replay": replayed_after_retry,
    "commit_not_replicated_answers": not_replicated,
    "first_failure_after_kill_s": None if first_fail is None else round(first_fail["t0"] - kill, 3),
    "first_success_after_failure_s": None if first_ok is None else round(first_ok["t1"] - kill, 3),
    "time_without_service_s": None if first_fail is None or first_ok is None else round(first_ok["t1"] - first_fail["t0"], 3),
    "last_ack_before_kill_s": None if last_ok_before is None else round(last_ok_before - kill, 3),
    "longest_gap_between_acks_s": round(gap[0], 3),
    "longest_gap_from_to_s": [round(gap[1] - kill, 3), round(gap[2] - kill, 3)],
    "failures": dict(failures.most_common(10)),
}
json.dump(result, open(os.path.join(run_dir, "analysis.json"), "w"), indent=2)
print(json.dumps(result, indent=2))
ok = (not missing and not keys_with_two_ids and result["control_total_is_ar_plus_dr"] and result["sum_postage_is_ar"]
      and result["piece_count_is_pieces"] and result["piece_numbers_contiguous"] and result["pieces_in_db_not_acknowledged"] <= len(unfinished))
print("VERDICT:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
