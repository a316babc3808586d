#!/usr/bin/env python3
"""CSV load from S3: Sluice against pyarrow's S3FileSystem, boto3 + pyarrow, polars, a raw signed
download and Sluice's own local load, in one run, all against the same local SeaweedFS server.

The object is the 1M × 29 CSV of benchmarks/csv_load.py (542 MB), uploaded once per run to a
SeaweedFS started here on loopback (Tests/integration/seaweed.py). Each route runs in a fresh
process, three times; the table shows the best wall time, the peak resident memory and Sluice's
ratio to each. The raw download (curl with SigV4, to /dev/null) is the floor the server sets.
Usage: benchmarks/s3_load.py [--sluice PATH] [--repeat N]
"""
import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "Tests" / "integration"))
from csv_load import PAYLOAD_BYTES, dataset  # noqa: E402
from seaweed import ADMIN, SeaweedS3  # noqa: E402

KEY = "bench/classification.csv"

# Each peer: setup code defining load(), which reads s3://lake/KEY into a table. ENDPOINT, ACCESS and
# SECRET are given to it.
PEERS = {
    "pyarrow S3FileSystem": """
import pyarrow.csv as csv, pyarrow.fs as fs
s3 = fs.S3FileSystem(access_key=ACCESS, secret_key=SECRET, endpoint_override=ENDPOINT, scheme="http", region="us-east-1")
def load(): return csv.read_csv(s3.open_input_stream("lake/" + KEY))
""",
    "pyarrow S3FileSystem, 16 MB reads": """
import pyarrow.csv as csv, pyarrow.fs as fs
s3 = fs.S3FileSystem(access_key=ACCESS, secret_key=SECRET, endpoint_override=ENDPOINT, scheme="http", region="us-east-1")
def load(): return csv.read_csv(s3.open_input_stream("lake/" + KEY, buffer_size=16 << 20))
""",
    "boto3 download + pyarrow": """
import boto3, pyarrow as pa, pyarrow.csv as csv
from botocore.config import Config
client = boto3.client("s3", endpoint_url=ENDPOINT, aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
                      region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
def load(): return csv.read_csv(pa.BufferReader(client.get_object(Bucket="lake", Key=KEY)["Body"].read()))
""",
    "polars": """
import polars as pl
options = {"aws_endpoint_url": ENDPOINT, "aws_access_key_id": ACCESS, "aws_secret_access_key": SECRET,
           "aws_region": "us-east-1", "aws_allow_http": "true"}
def load(): return pl.read_csv("s3://lake/" + KEY, storage_options=options)
""",
}

PEER_RUNNER = """
import sys, time
ENDPOINT, ACCESS, SECRET, KEY = sys.argv[1:5]
{setup}
start = time.perf_counter()
table = load()
elapsed = time.perf_counter() - start
assert table.shape[0] == 1_000_000 if hasattr(table, "shape") else table.num_rows == 1_000_000
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(elapsed, peak * 1024)
"""


def timed(command, env=None):
    """Wall time and peak RSS of a child process (ru_maxrss from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[0]} failed with status {status}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    path = dataset()
    server = SeaweedS3()
    try:
        server.bucket("lake")
        server.client.upload_file(str(path), "lake", KEY)
        size_mb = path.stat().st_size / 1e6
        print(f"{path.name}: {size_mb:.0f} MB from SeaweedFS on loopback; {os.cpu_count()} cores; {platform.platform()}")
        with tempfile.TemporaryDirectory() as folder:
            remote_script = Path(folder) / "remote.sluice"
            remote_script.write_text(f'let table = load "s3://lake/{KEY}"\n')
            local_script = Path(folder) / "local.sluice"
            local_script.write_text(f'let table = load "{path}"\n')
            routes = {
                "sluice (s3://)": lambda: timed([str(args.sluice), "run", str(remote_script)], env=server.env()),
                "raw signed download (curl to /dev/null)": lambda: timed(
                    ["curl", "-sf", "-o", "/dev/null", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", f"{ADMIN[0]}:{ADMIN[1]}",
                     f"{server.endpoint}/lake/{KEY}"]),
                "sluice (local file)": lambda: timed([str(args.sluice), "run", str(local_script)]),
            }
            for name, setup in PEERS.items():
                code = PEER_RUNNER.format(setup=setup)
                routes[name] = (lambda code=code: run_peer(code, server.endpoint))
            results = {}
            for name, route in routes.items():
                runs = [route() for _ in range(args.repeat)]
                results[name] = (min(r[0] for r in runs), max(r[1] for r in runs))
    finally:
        server.stop()

    sluice_time = results["sluice (s3://)"][0]
    print(f"\n| route | load time (best of {args.repeat}) | peak RSS | Sluice (s3://) time ÷ route's |")
    print("|---|---|---|---|")
    for name, (seconds, peak) in results.items():
        ratio = "—" if name == "sluice (s3://)" else f"{sluice_time / seconds:.2f}×"
        print(f"| {name} | {seconds:.2f} s | {peak / 1e6:.0f} MB ({peak / PAYLOAD_BYTES:.2f}× payload) | {ratio} |")
    python_best = min(results[name][0] for name in PEERS if name != "polars")
    raw = results["raw signed download (curl to /dev/null)"][0]
    print(f"\nGoals: ≤ 0.8× the best Python route (now {sluice_time / python_best:.2f}×); "
          f"≤ 1.3× the raw download (now {sluice_time / raw:.2f}×).")
    return 0


def run_peer(code, endpoint):
    """A Python route's own timing of its load, and its peak RSS (VmHWM)."""
    out = subprocess.run([sys.executable, "-c", code, endpoint, ADMIN[0], ADMIN[1], KEY], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    seconds, peak = out.stdout.split()
    return float(seconds), int(peak)


if __name__ == "__main__":
    sys.exit(main())
