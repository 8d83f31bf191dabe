#!/usr/bin/python3
"""Times zxing-cpp (Debian python3-zxing-cpp) on the inputs of bench/Ibis.Bench/Barcodes.

Everything runs in one process after start-up: each case is warmed up, then timed in batches
of many calls (time.perf_counter_ns around a batch); the per-call mean over all batches, the
median and minimum of the batch means are reported in microseconds. The cost of a Python call
into the extension is shown by two near-empty calls.

The payload, text and images are the files bench/Ibis.Bench writes to bench/zxing/fixtures
(BarcodeFixtures.WriteFiles): the same bytes are encoded and the same pixels read on both
sides. Binary data goes in as a str of code points 0-255 (latin-1), which zxing-cpp 1.4
encodes as ISO-8859-1, i.e. one byte per character; reads are checked against the payload
with Result.bytes.

Usage: /usr/bin/python3 bench/zxing/bench_zxing.py [--json FILE] [--seconds S]
"""

import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import time
import zlib

import numpy as np
import zxingcpp

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")


def read_png_gray8(path):
    """Minimal PNG reader for the 8-bit grayscale, non-interlaced files PngWriter produces."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(path + ": not a PNG")
    pos, idat, width = 8, [], 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color != 0 or interlace != 0:
                raise ValueError(path + ": only 8-bit gray, non-interlaced")
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride = width + 1
    rows, prev = [], bytearray(width)
    for y in range(height):
        ftype, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
        for x in range(width):
            a = line[x - 1] if x else 0
            b, c = prev[x], (prev[x - 1] if x else 0)
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width).copy()


def timeit(fn, seconds):
    """Per-call times in µs: (mean over all calls, median of batch means, min of batch means, calls)."""
    for _ in range(20):
        fn()
    n, t = 1, 0
    while True:  # calls per batch: about 50 ms
        start = time.perf_counter_ns()
        for _ in range(n):
            fn()
        t = time.perf_counter_ns() - start
        if t >= 50_000_000:
            break
        n *= 2
    batches, total_ns, total_calls = [], 0, 0
    deadline = time.perf_counter() + seconds
    while len(batches) < 10 or time.perf_counter() < deadline:
        start = time.perf_counter_ns()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter_ns() - start
        batches.append(elapsed / n / 1000)
        total_ns += elapsed
        total_calls += n
    return total_ns / total_calls / 1000, statistics.median(batches), min(batches), total_calls


def scaled(module_image, ppm, quiet):
    big = np.kron(module_image, np.ones((ppm, ppm), dtype=np.uint8))
    return np.pad(big, quiet * ppm, constant_values=255)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per case (default 5)")
    args = parser.parse_args()

    payload = open(os.path.join(FIXTURES, "payload150.bin"), "rb").read()
    text = open(os.path.join(FIXTURES, "text60.txt"), "rb").read().decode("ascii")
    assert len(payload) == 150 and len(text) == 60
    binary_str = payload.decode("latin-1")
    DM, PDF = zxingcpp.BarcodeFormat.DataMatrix, zxingcpp.BarcodeFormat.PDF417

    # Encode correctness: zxing's own symbols read back to the exact bytes.
    dm_bin = zxingcpp.write_barcode(DM, binary_str, quiet_zone=0)
    dm_txt = zxingcpp.write_barcode(DM, text, quiet_zone=0)
    pdf_bin = zxingcpp.write_barcode(PDF, binary_str, quiet_zone=0)
    checks = {}
    for name, img, fmt, ppm, want in (("dm_bin", dm_bin, DM, 8, payload), ("dm_txt", dm_txt, DM, 8, text.encode()),
                                      ("pdf_bin", pdf_bin, PDF, 2, payload)):
        res = zxingcpp.read_barcodes(scaled(img, ppm, 4), formats=fmt)
        checks[name] = bool(res) and res[0].bytes == want
    sizes = {"dm_bin": "%dx%d" % (dm_bin.shape[1], dm_bin.shape[0]),
             "dm_txt": "%dx%d" % (dm_txt.shape[1], dm_txt.shape[0]),
             "pdf_bin": "%dx%d px" % (pdf_bin.shape[1], pdf_bin.shape[0])}

    images = {name: read_png_gray8(os.path.join(FIXTURES, name)) for name in
              ("dm150_440.png", "dm150_440_rot33.png", "pdf417_150.png")}
    for name, img in images.items():
        fmt = PDF if name.startswith("pdf") else DM
        res = zxingcpp.read_barcodes(img, formats=fmt)
        checks[name] = bool(res) and res[0].bytes == payload

    empty = lambda: None
    cases = [
        # key, description, function, check key
        ("empty_py", "empty Python call (lambda: None)", empty, None),
        ("empty_ext", "near-empty extension call (barcode_format_from_str)", lambda: zxingcpp.barcode_format_from_str("DataMatrix"), None),
        ("dm_enc_bin", "DM encode 150 B binary", lambda: zxingcpp.write_barcode(DM, binary_str, quiet_zone=0), "dm_bin"),
        ("dm_enc_txt", "DM encode 60-char text", lambda: zxingcpp.write_barcode(DM, text, quiet_zone=0), "dm_txt"),
        ("pdf_enc_bin", "PDF417 encode 150 B binary", lambda: zxingcpp.write_barcode(PDF, binary_str, quiet_zone=0), "pdf_bin"),
        ("dm_read", "DM read 440 px", lambda: zxingcpp.read_barcodes(images["dm150_440.png"], formats=DM), "dm150_440.png"),
        ("dm_read_rot", "DM read 440 px rotated 33 deg", lambda: zxingcpp.read_barcodes(images["dm150_440_rot33.png"], formats=DM), "dm150_440_rot33.png"),
        ("pdf_read", "PDF417 read", lambda: zxingcpp.read_barcodes(images["pdf417_150.png"], formats=PDF), "pdf417_150.png"),
        ("dm_read_all", "DM read 440 px, all formats enabled", lambda: zxingcpp.read_barcodes(images["dm150_440.png"]), "dm150_440.png"),
    ]

    try:
        version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-zxing-cpp"],
                                 capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        version = "?"
    print("zxing-cpp (python3-zxing-cpp %s), Python %s, numpy %s" % (version, sys.version.split()[0], np.__version__))
    print("zxing symbol sizes: DM 150 B %s, DM text %s, PDF417 %s (1 px/module, no quiet zone)"
          % (sizes["dm_bin"], sizes["dm_txt"], sizes["pdf_bin"]))
    print("%-52s %10s %10s %10s %9s  %s" % ("case", "mean µs", "median µs", "min µs", "calls", "bytes ok"))
    results = []
    for key, desc, fn, check in cases:
        mean, median, low, calls = timeit(fn, args.seconds)
        ok = None if check is None else checks[check]
        results.append({"key": key, "description": desc, "mean_us": mean, "median_us": median,
                        "min_us": low, "calls": calls, "correct": ok})
        print("%-52s %10.2f %10.2f %10.2f %9d  %s" % (desc, mean, median, low, calls,
                                                    "-" if ok is None else ("yes" if ok else "NO")))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"zxing_cpp": version, "sizes": sizes, "results": results}, f, indent=1)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
