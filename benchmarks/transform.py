#!/usr/bin/env python3
"""Batch transform: Sluice's `transform` against pandas + xgboost, in one run.

The 1M x 28 make_classification file of csv_load.py (542 MB). The model is xgboost, 100 rounds
of depth 6 trained by Sluice on the file's first 100,000 rows; pandas + xgboost loads Sluice's
XGBoost JSON export of the same model. Each side, in a fresh process, reads the whole file,
scores every row on 2 threads and writes `score,predicted_label` for each row as CSV:
Sluice with `transform "in" with model to "out"`, pandas with read_csv, inplace_predict and
to_csv. The best of 3 wall times counts, process start included; rows/s and the ratio are
printed, and the two outputs are checked to agree.

Usage: benchmarks/transform.py [--sluice PATH] [--repeat 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csv_load import ROOT, ROWS, dataset  # noqa: E402

TRAIN = """
let rows = load "{data}" | take 100000 | derive label = if(label == 1, "yes", "no")
let model = train xgboost on rows predicting label {{ rounds = 100, max_depth = 6, eta = 0.1, threads = 2 }}
save model as "bench"
"""

PANDAS = """
import sys
import numpy as np, pandas as pd, xgboost
booster = xgboost.Booster()
booster.load_model(sys.argv[1])
booster.set_param({"nthread": 2})
frame = pd.read_csv(sys.argv[2])
scores = booster.inplace_predict(frame.drop(columns=["label"]).to_numpy(dtype=np.float32))
pd.DataFrame({"score": scores, "predicted_label": np.where(scores >= 0.5, "yes", "no")}).to_csv(sys.argv[3], index=False)
"""


def best_time(command, repeat, environment=None):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=environment)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", default=str(ROOT / ".build" / "release" / "sluice"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = dataset()
    folder = Path(tempfile.mkdtemp(prefix="sluice-transform-"))
    environment = dict(os.environ, SLUICE_HOME=str(folder / "store"))
    (folder / "train.sluice").write_text(TRAIN.format(data=data))
    subprocess.run([args.sluice, "run", str(folder / "train.sluice")], env=environment, check=True, capture_output=True)
    (folder / "transform.sluice").write_text(f'transform "{data}" with (load model "bench") to "{folder}/sluice.csv"\n')
    (folder / "pandas_xgboost.py").write_text(PANDAS)
    booster = folder / "store" / "models" / "bench" / "v1.xgboost.json"
    subprocess.run(["cat", str(data)], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
    sluice = best_time([args.sluice, "run", str(folder / "transform.sluice")], args.repeat, environment)
    pandas = best_time([sys.executable, str(folder / "pandas_xgboost.py"), str(booster), str(data), str(folder / "pandas.csv")], args.repeat)
    import pandas as pd
    ours, theirs = pd.read_csv(folder / "sluice.csv"), pd.read_csv(folder / "pandas.csv")
    assert len(ours) == len(theirs) == ROWS
    largest = (ours["score"] - theirs["score"]).abs().max()
    agree = (ours["predicted_label"] == theirs["predicted_label"]).mean()
    print(f"outputs agree: largest score difference {largest:.2e} (xgboost predicts in float32); labels {agree:.4%} equal")
    print(f"| tool | wall time (best of {args.repeat}) | rows/s | Sluice time ÷ tool's |")
    print("|---|---|---|---|")
    print(f"| sluice transform | {sluice:.2f} s | {ROWS / sluice:,.0f} | — |")
    print(f"| pandas + xgboost | {pandas:.2f} s | {ROWS / pandas:,.0f} | {sluice / pandas:.2f}× |")


if __name__ == "__main__":
    main()
