#!/usr/bin/env bash
# Barcode speed, ours vs zxing-cpp, back to back on the same machine:
#   1. BenchmarkDotNet: bench/Ibis.Bench/Barcodes (Data Matrix and PDF417 encode and read); its
#      setup also (re)writes the shared inputs to bench/zxing/fixtures.
#   2. bench/zxing/bench_zxing.py: zxing-cpp (Debian python3-zxing-cpp) on the same inputs.
#   3. One table of both, with the ratio.
# Needs: apt-get install -y python3-zxing-cpp python3-numpy (the Debian python, /usr/bin/python3).
# Environment: BDN_ARGS (default "--job short --iterationCount 10 --buildTimeout 900"), ZXING_SECONDS (default 5),
# OUT (directory for the raw results; default a fresh temporary one, kept), ARTIFACTS (the build's
# --artifacts-path, default /tmp/art-bench, so this build does not share obj/bin with other builds).
set -euo pipefail
cd "$(dirname "$0")/.."

BDN_ARGS=${BDN_ARGS:---job short --iterationCount 10 --buildTimeout 900}
ZXING_SECONDS=${ZXING_SECONDS:-5}
OUT=${OUT:-$(mktemp -d /tmp/ibis-barcodes-bench.XXXXXX)}
ARTIFACTS=${ARTIFACTS:-/tmp/art-bench}
PY=/usr/bin/python3
mkdir -p "$OUT"

echo "== machine: nproc $(nproc); $(lscpu | sed -n 's/^Model name: *//p'); dotnet $(dotnet --version)"
echo "== $(date -u +%FT%TZ) load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
dotnet run -c Release --project bench/Ibis.Bench --artifacts-path "$ARTIFACTS" -- --filter '*Barcode*' $BDN_ARGS --artifacts "$OUT/bdn" \
  | tee "$OUT/bdn.log" | sed -n '/^\/\/ \* Summary \*/,/^\/\/ \* Legends \*/p'
echo "== $(date -u +%FT%TZ) load between: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" bench/zxing/bench_zxing.py --seconds "$ZXING_SECONDS" --json "$OUT/zxing.json"
echo "== $(date -u +%FT%TZ) load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$OUT" <<'PYEOF'
import csv, glob, json, os, sys
out = sys.argv[1]
units = {"ns": 1e-3, "μs": 1.0, "us": 1.0, "ms": 1e3, "s": 1e6}
def us(cell):
    parts = cell.replace(",", "").split()
    return float(parts[0]) * units[parts[1]] if len(parts) == 2 else None  # "NA": the benchmark did not run
ours = {}
for path in glob.glob(os.path.join(out, "bdn", "results", "*Barcode*-report.csv")):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Method"].strip("'").split(" (")[0]
            ours[name] = {"mean": us(row["Mean"]), "median": us(row["Median"]), "min": us(row["Min"]),
                          "alloc": row["Allocated"]}
zx = {r["description"]: r for r in json.load(open(os.path.join(out, "zxing.json")))["results"]}
rows = [("DM encode 150 B binary", 3.0), ("DM encode 60-char text", 3.0), ("PDF417 encode 150 B binary", 3.0),
        ("DM read 440 px", 1.0), ("DM read 440 px rotated 33 deg", 1.0), ("PDF417 read", 1.0)]
print()
print("| Case | Ibis median µs | Ibis min µs | Ibis alloc | zxing-cpp median µs | zxing-cpp min µs "
      "| zxing ÷ Ibis (medians) | zxing ÷ Ibis (mins) | Target |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for key, target in rows:
    o, z = ours.get(key), zx.get(key)
    if o is None or z is None or o["median"] is None:
        print("| %s | missing | | | | | | | |" % key)
        continue
    print("| %s | %.2f | %.2f | %s | %.2f | %.2f | %.2f× | %.2f× | ≥ %.0f× |" % (
        key, o["median"], o["min"], o["alloc"], z["median_us"], z["min_us"],
        z["median_us"] / o["median"], z["min_us"] / o["min"], target))
for key in ("empty Python call (lambda: None)", "near-empty extension call (barcode_format_from_str)"):
    z = zx[key]
    print("| zxing-cpp side: %s | | | | %.2f | %.2f | | | |" % (key, z["median_us"], z["min_us"]))
PYEOF
echo "raw results: $OUT"
