#!/usr/bin/env python3
"""Boosted trees: Sluice against xgboost (hist) and lightgbm, in one run.

The 1M x 28 make_classification set of csv_load.py (label first). Each tool
trains 100 rounds of depth-6 trees with eta 0.1 on 2 threads, from data
already in memory (xgboost and lightgbm from a numpy array, their DMatrix or
Dataset construction included; Sluice from a loaded table). Prediction
throughput is on the same 1M rows (xgboost's inplace_predict). Training AUC
is printed as a sanity check that all three learned the same thing.
Usage: benchmarks/boosting.py [--sluice PATH]
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csv_load import ROOT, dataset  # noqa: E402

ROUNDS, DEPTH, ETA, THREADS = 100, 6, 0.1, 2


def load_numpy(path):
    import pandas as pd
    frame = pd.read_csv(path)
    return frame.drop(columns=["label"]).to_numpy(np.float32), frame["label"].to_numpy(np.float32)


def auc(labels, scores):
    from sklearn.metrics import roc_auc_score
    return roc_auc_score(labels, scores)


def run_xgboost(x, y):
    import xgboost as xgb
    start = time.perf_counter()
    booster = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": DEPTH, "eta": ETA,
                         "nthread": THREADS, "max_bin": 256}, xgb.DMatrix(x, label=y, nthread=THREADS), ROUNDS)
    train = time.perf_counter() - start
    start = time.perf_counter()
    scores = booster.inplace_predict(x)
    predict = time.perf_counter() - start
    return train, predict, auc(y, scores)


def run_lightgbm(x, y):
    import lightgbm as lgb
    start = time.perf_counter()
    model = lgb.train({"objective": "binary", "max_depth": DEPTH, "num_leaves": 2 ** DEPTH - 1, "learning_rate": ETA,
                       "num_threads": THREADS, "max_bin": 255, "verbose": -1}, lgb.Dataset(x, label=y), ROUNDS)
    train = time.perf_counter() - start
    start = time.perf_counter()
    scores = model.predict(x, num_threads=THREADS)
    predict = time.perf_counter() - start
    return train, predict, auc(y, scores)


def run_sluice(binary, path):
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "bench.sluice"
        scores = Path(directory) / "scores.csv"
        script.write_text(f'let t = load "{path}"\n'
                          f'let m = train xgboost on t predicting label {{ rounds = {ROUNDS}, max_depth = {DEPTH}, '
                          f'eta = {ETA}, threads = {THREADS} }}\n'
                          f'let p = t | predict m\n'
                          f'save p | select [label, score] to "{scores}"\n')
        result = subprocess.run([str(binary), "run", "--timings", str(script)], capture_output=True, text=True, check=True)
        times = {int(line): float(seconds) for line, seconds in re.findall(r"timing: line (\d+): ([\d.]+) s", result.stderr)}
        table = np.genfromtxt(scores, delimiter=",", skip_header=1)
        return times[2], times[3], auc(table[:, 0], table[:, 1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    path = dataset()
    x, y = load_numpy(path)
    rows = len(y)
    results = {"sluice": run_sluice(args.sluice, path), "xgboost": run_xgboost(x, y), "lightgbm": run_lightgbm(x, y)}
    print(f"{rows:,} rows x {x.shape[1]} features, {ROUNDS} rounds, depth {DEPTH}, eta {ETA}, {THREADS} threads\n")
    print("| tool | training | Sluice ÷ tool | prediction (1M rows) | rows/s | Sluice rows/s ÷ tool's | training AUC |")
    print("|---|---|---|---|---|---|---|")
    sluice_train, sluice_predict, _ = results["sluice"]
    for tool, (train, predict, score) in results.items():
        ratio = "—" if tool == "sluice" else f"{sluice_train / train:.2f}×"
        throughput = rows / predict
        speed = "—" if tool == "sluice" else f"{(rows / sluice_predict) / throughput:.2f}×"
        print(f"| {tool} | {train:.2f} s | {ratio} | {predict:.3f} s | {throughput / 1e6:.2f} M | {speed} | {score:.4f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
