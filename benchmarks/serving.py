#!/usr/bin/env python3
"""Real-time serving: a deployed Sluice endpoint against a Python reference (FastAPI on uvicorn
with xgboost, benchmarks/reference_server.py), in one run.

The model is xgboost on telco_churn (100 rounds, depth 6; no recipe, so categoricals are
one-hot encoded by Sluice and by the reference alike), saved in a temporary store; the
reference loads Sluice's XGBoost JSON export of the same model. Each server gets the same
load from wrk on loopback: single-row CSV requests (a different row per connection), 64
connections on 2 threads, 30 seconds after a 5-second warm-up. The table shows throughput,
p50 and p99 latency, and errors (socket errors plus non-2xx answers). Sluice runs as
`deploy` runs it: with data capture of every request. Both answers are checked to agree
before the load. The reference runs two uvicorn workers, one per core.

Usage: benchmarks/serving.py [--sluice PATH] [--seconds 30] [--connections 64]
"""
import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TRAIN = """
let raw = load "{data}"
let model = train xgboost on raw predicting churn {{ rounds = 100, max_depth = 6, eta = 0.1 }}
save model as "churn"
"""

WRK_SCRIPT = """
local rows = {{}}
for line in io.lines("{rows}") do rows[#rows + 1] = line end
local counter = 0
setup = function(thread) end
request = function()
  counter = counter + 1
  local body = rows[(counter % #rows) + 1]
  return wrk.format("POST", "/invocations", {{["Content-Type"] = "text/csv"}}, body)
end
"""


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{url} did not answer")


def post(port, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=body.encode(), headers={"Content-Type": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read().decode()


def unit_seconds(text):
    value, unit = float(re.match(r"[\d.]+", text).group()), re.sub(r"[\d.]+", "", text)
    return value * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def load(port, rows_file, seconds, connections, folder):
    script = folder / "requests.lua"
    script.write_text(WRK_SCRIPT.format(rows=rows_file))
    base = ["wrk", "-t2", f"-c{connections}", "-s", str(script), "--latency", f"http://127.0.0.1:{port}"]
    subprocess.run(base[:-1] + ["-d5s", base[-1]], capture_output=True, check=True)
    out = subprocess.run(base[:-1] + [f"-d{seconds}s", base[-1]], capture_output=True, text=True, check=True).stdout
    throughput = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = unit_seconds(re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1))
    p99 = unit_seconds(re.search(r"^\s+99%\s+(\S+)$", out, re.M).group(1))
    errors = 0
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(n) for n in match.groups())
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"throughput": throughput, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", default=str(ROOT / ".build" / "release" / "sluice"))
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sluice-serving-"))
    store = folder / "store"
    environment = dict(os.environ, SLUICE_HOME=str(store))
    script = folder / "train.sluice"
    script.write_text(TRAIN.format(data=ROOT / "data" / "telco_churn.csv"))
    subprocess.run([args.sluice, "run", str(script)], env=environment, check=True, capture_output=True)
    lines = (ROOT / "data" / "telco_churn.csv").read_text().splitlines()[1:]
    rows_file = folder / "rows.csv"
    rows_file.write_text("\n".join(line.split(",", 1)[1] for line in lines[:1000]) + "\n")
    results = {}
    servers = {
        "sluice": [args.sluice, "serve", "churn", "--store", str(store), "--port", "18080", "--capture-percent", "100"],
        "FastAPI + xgboost (2 workers)": [sys.executable, str(ROOT / "benchmarks" / "reference_server.py"),
                                         str(store / "models" / "churn" / "v1.json"),
                                         str(store / "models" / "churn" / "v1.xgboost.json"), "18081", "2"],
    }
    answers = {}
    for (name, command), port in zip(servers.items(), (18080, 18081)):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for(f"http://127.0.0.1:{port}/ping", process)
            answers[name] = [post(port, row + "\n").split(",") for row in rows_file.read_text().splitlines()[:50]]
            results[name] = load(port, rows_file, args.seconds, args.connections, folder)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    sluice_scores = [float(a[0]) for a in answers["sluice"]]
    reference_scores = [float(a[0]) for a in answers["FastAPI + xgboost (2 workers)"]]
    largest = max(abs(a - b) for a, b in zip(sluice_scores, reference_scores))
    print(f"scores agree on 50 rows to {largest:.2e} (xgboost scores in float32)")
    print(f"{platform.node()}: {os.cpu_count()} cores; wrk -t2 -c{args.connections} -d{args.seconds}s, single-row CSV requests")
    print(f"| server | requests/s | p50 | p99 | errors | Sluice throughput ÷ server's |")
    print(f"|---|---|---|---|---|---|")
    for name, result in results.items():
        ratio = results["sluice"]["throughput"] / result["throughput"]
        print(f"| {name} | {result['throughput']:,.0f} | {result['p50'] * 1e3:.2f} ms | {result['p99'] * 1e3:.2f} ms "
              f"| {result['errors']} of {result['requests']:,} | {'—' if name == 'sluice' else f'{ratio:.1f}×'} |")


if __name__ == "__main__":
    main()
