#!/usr/bin/env python3
"""Print load for the failover drill (bench/failover/drill.sh).

Each worker prints single letters on one device, one after another. Every piece has its own
Idempotency-Key; an attempt that is not acknowledged (transport error, timeout, 5xx) is retried with
the same key until it is, so a piece is either acknowledged once or (when the run ends first)
reported as unfinished. Every attempt is one line of JSON in OUT/attempts.jsonl; every acknowledged
piece one line in OUT/acks.tsv (key, indicium id, piece number, postage mills, time).

usage: client.py URL API_KEY DEVICE_ID OUT_DIR SECONDS [WORKERS] [PAUSE_S]
"""
import datetime
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

url, api_key, device, out, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
workers = int(sys.argv[6]) if len(sys.argv) > 6 else 2
pause = float(sys.argv[7]) if len(sys.argv) > 7 else 0.05
run = os.path.basename(out.rstrip("/"))
parsed = urllib.parse.urlparse(url)
os.makedirs(out, exist_ok=True)
lock = threading.Lock()
attempts = open(os.path.join(out, "attempts.jsonl"), "a", buffering=1)
acks = open(os.path.join(out, "acks.tsv"), "a", buffering=1)
unfinished = []
end = time.time() + seconds
# After the end, a piece already started is still retried this long: an acknowledged outcome is wanted for every key.
GRACE = 90.0


def body():
    return json.dumps({"mail_class": "first_class", "rate_category": "letter", "weight_oz": 1, "postage": "0.740",
                       "mailing_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
                       "destination_zip": "20260"})


def worker(w):
    conn = None
    seq = 0
    while time.time() < end:
        seq += 1
        key = f"{run}-w{w}-{seq}"
        attempt = 0
        payload = body()
        while True:
            attempt += 1
            t0 = time.time()
            status, code, doc = 0, None, None
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
                conn.request("POST", f"/v1/devices/{device}/indicia", payload,
                             {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json", "Idempotency-Key": key})
                resp = conn.getresponse()
                raw = resp.read()
                status = resp.status
                replay = resp.getheader("Idempotency-Replay") == "true"
                try:
                    doc = json.loads(raw)
                except ValueError:
                    doc = None
                code = doc.get("code") if isinstance(doc, dict) else None
            except Exception as e:  # transport error or timeout: not acknowledged
                code = type(e).__name__ + ": " + str(e)[:120]
                replay = False
                try:
                    conn.close()
                except Exception:
                    pass
                conn = None
            t1 = time.time()
            rec = {"key": key, "attempt": attempt, "t0": t0, "t1": t1, "status": status, "code": code, "replay": replay}
            if status == 201 and doc:
                rec.update(id=doc["id"], piece=doc["piece_number"])
                with lock:
                    attempts.write(json.dumps(rec) + "\n")
                    acks.write(f"{key}\t{doc['id']}\t{doc['piece_number']}\t{t1:.3f}\t{replay}\n")
                break
            with lock:
                attempts.write(json.dumps(rec) + "\n")
            if status in (400, 401, 402, 403, 404, 422):  # a refusal, not an outage: stop this worker
                print(f"worker {w}: {key} refused {status} {code}; stopping", file=sys.stderr)
                return
            if time.time() > end + GRACE:
                with lock:
                    unfinished.append(key)
                return
            time.sleep(0.1)
        time.sleep(pause)


threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(os.path.join(out, "unfinished"), "w") as f:
    f.write("".join(k + "\n" for k in unfinished))
print(f"client done: unfinished keys {len(unfinished)}")
