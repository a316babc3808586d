#!/usr/bin/env python3
"""Two builds of Sluice side by side, in one run: boosting, k-means and linear training times and
serving throughput, with the ratio of the second build's figure to the first's.

For a change that must not slow anything down (a refactoring): build the commit before it into
another folder and compare. The workloads are those of boosting.py, kmeans.py, linear.py (the 1M x 28
set) and serving.py (telco churn, wrk, 64 connections, capture on). The builds take turns, `--rounds`
times each, so that drift of the machine falls on both; the best time (or highest throughput) of each
counts. Run-to-run noise on this 2-core machine is about ±5% for training and ±10% for serving.

Usage: benchmarks/compare_builds.py BEFORE_SLUICE AFTER_SLUICE [--rounds 3] [--seconds 20]
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boosting  # noqa: E402
import kmeans  # noqa: E402
import linear  # noqa: E402
import serving  # noqa: E402
from csv_load import ROOT, dataset  # noqa: E402


def serve_throughput(binary, store, port, rows_file, seconds, folder):
    command = [str(binary), "serve", "churn", "--store", str(store), "--port", str(port), "--capture-percent", "100"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        serving.wait_for(f"http://127.0.0.1:{port}/ping", process)
        return serving.load(port, rows_file, seconds, 64, folder)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    path = dataset()
    rows = sum(1 for _ in open(path)) - 1
    folder = Path(tempfile.mkdtemp(prefix="sluice-compare-"))
    store = folder / "store"
    script = folder / "train.sluice"
    script.write_text(serving.TRAIN.format(data=ROOT / "data" / "telco_churn.csv"))
    subprocess.run([str(args.after), "run", str(script)], env=dict(os.environ, SLUICE_HOME=str(store)), check=True, capture_output=True)
    lines = (ROOT / "data" / "telco_churn.csv").read_text().splitlines()[1:]
    rows_file = folder / "rows.csv"
    rows_file.write_text("\n".join(line.split(",", 1)[1] for line in lines[:1000]) + "\n")

    times = {name: {"boosting": [], "k-means": [], "linear": [], "serving": []} for name in builds}
    for round_number in range(args.rounds):
        for name, binary in builds.items():
            times[name]["boosting"].append(boosting.run_sluice(binary, path)[0])
            times[name]["k-means"].append(kmeans.run_sluice(binary, path)[0])
            times[name]["linear"].append(linear.run_sluice(binary, path, rows)[0])
            times[name]["serving"].append(serve_throughput(binary, store, 18090, rows_file, args.seconds, folder)["throughput"])
            print(f"round {round_number + 1}, {name}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in times[name].items()), flush=True)

    print(f"\n{os.cpu_count()} cores; best of {args.rounds}; before = {args.before}, after = {args.after}\n")
    print("| workload | before | after | after ÷ before |")
    print("|---|---|---|---|")
    for workload in ["boosting", "k-means", "linear"]:
        before, after = min(times["before"][workload]), min(times["after"][workload])
        print(f"| {workload} training | {before:.2f} s | {after:.2f} s | {after / before:.3f} |")
    before, after = max(times["before"]["serving"]), max(times["after"]["serving"])
    print(f"| serving (requests/s) | {before:,.0f} | {after:,.0f} | {after / before:.3f} |")


if __name__ == "__main__":
    main()
