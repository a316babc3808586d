#!/usr/bin/env python3
"""Distributed boosted trees: Sluice over 2 Open MPI ranks against Sluice in one process, xgboost's own
collective (RabitTracker + 2 workers) and LightGBM's data-parallel learner (2 workers), in one run.

The 1M x 28 make_classification set of csv_load.py (label first), 100 rounds of depth-6 trees with
eta 0.1. Every route starts from the CSV file and ends with a trained model, each worker reading its
half of the rows itself:
- sluice 2 x 1: `train xgboost on "FILE" … { threads = 1, instances = 2 }` (each rank reads its byte
  range; cuts from the pooled sample), the wall time of `sluice run`, mpirun's start included;
- sluice 1 x 2: `train xgboost on (load "FILE") … { threads = 2 }`, load and train statements;
- xgboost 2 x 1: two worker processes under xgboost.tracker.RabitTracker, each reading its half with
  pandas and training with nthread 1 (the slower worker's load + train);
- lightgbm 2 x 1: two processes with tree_learner=data, pre_partition, num_threads 1 (the same).
Each route's AUC on the whole training set shows they learned the same thing. The routes run in turn,
three times over; each figure is the route's median.
Usage: benchmarks/distributed.py [--sluice PATH]
"""
import argparse
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from csv_load import ROOT, dataset  # noqa: E402

ROUNDS, DEPTH, ETA = 100, 6, 0.1
REPEATS = 3
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def auc(labels, scores):
    from sklearn.metrics import roc_auc_score
    return roc_auc_score(labels, scores)


def half(path, rank, rows):
    """Rows [rank·n/2, (rank+1)·n/2) of the CSV, read by pandas."""
    import pandas as pd
    start, end = rank * rows // 2, (rank + 1) * rows // 2
    frame = pd.read_csv(path, skiprows=range(1, start + 1), nrows=end - start)
    return frame.drop(columns=["label"]).to_numpy(np.float32), frame["label"].to_numpy(np.float32)


def xgboost_worker(path, rows, rank, args, results):
    import xgboost as xgb
    from xgboost import collective
    start = time.perf_counter()
    with collective.CommunicatorContext(**args):
        x, y = half(path, rank, rows)
        booster = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": DEPTH, "eta": ETA,
                             "nthread": 1, "max_bin": 256}, xgb.DMatrix(x, label=y, nthread=1), ROUNDS)
        elapsed = time.perf_counter() - start
        if rank == 0:
            booster.save_model(results["model"])
    results[rank] = elapsed


def run_xgboost(path, rows, folder):
    from xgboost.tracker import RabitTracker
    tracker = RabitTracker(host_ip="127.0.0.1", n_workers=2)
    tracker.start()
    manager = multiprocessing.Manager()
    results = manager.dict(model=str(folder / "xgboost.json"))
    workers = [multiprocessing.Process(target=xgboost_worker, args=(path, rows, rank, tracker.worker_args(), results))
               for rank in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    tracker.wait_for()
    import xgboost as xgb
    booster = xgb.Booster()
    booster.load_model(results["model"])
    return max(results[0], results[1]), booster


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lightgbm_worker(path, rows, rank, ports, results):
    import lightgbm as lgb
    start = time.perf_counter()
    x, y = half(path, rank, rows)
    model = lgb.train({"objective": "binary", "max_depth": DEPTH, "num_leaves": 2 ** DEPTH - 1, "learning_rate": ETA,
                       "num_threads": 1, "max_bin": 255, "verbose": -1, "tree_learner": "data", "num_machines": 2,
                       "machines": ",".join(f"127.0.0.1:{port}" for port in ports), "local_listen_port": ports[rank],
                       "pre_partition": True, "time_out": 5}, lgb.Dataset(x, label=y), ROUNDS)
    results[rank] = time.perf_counter() - start
    if rank == 0:
        model.save_model(results["model"])


def run_lightgbm(path, rows, folder):
    manager = multiprocessing.Manager()
    results = manager.dict(model=str(folder / "lightgbm.txt"))
    ports = [free_port(), free_port()]
    workers = [multiprocessing.Process(target=lightgbm_worker, args=(path, rows, rank, ports, results)) for rank in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    import lightgbm as lgb
    return max(results[0], results[1]), lgb.Booster(model_file=results["model"])


def run_sluice(binary, path, folder, distributed):
    script = folder / ("distributed.sluice" if distributed else "single.sluice")
    model = folder / ("sluice-2x1.json" if distributed else "sluice-1x2.json")
    settings = f"rounds = {ROUNDS}, max_depth = {DEPTH}, eta = {ETA}"
    source = f'"{path}"' if distributed else f'(load "{path}")'
    extra = ", threads = 1, instances = 2" if distributed else ", threads = 2"
    script.write_text(f'let m = train xgboost on {source} predicting label {{ {settings}{extra} }}\nsave m to "{model}"\n')
    start = time.perf_counter()
    result = subprocess.run([str(binary), "run", "--timings", str(script)], capture_output=True, text=True, env=MPI_ENV)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    times = [float(seconds) for seconds in re.findall(r"timing: line 1: ([\d.]+) s", result.stderr)]
    return (times[0] if times else elapsed), model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice", type=Path, default=ROOT / ".build" / "release" / "sluice")
    args = parser.parse_args()
    path = dataset()
    import pandas as pd
    frame = pd.read_csv(path)
    x, y = frame.drop(columns=["label"]).to_numpy(np.float32), frame["label"].to_numpy(np.float32)
    rows = len(y)
    import xgboost as xgb
    times = {}
    scores = {}

    def record(name, seconds, score):
        times.setdefault(name, []).append(seconds)
        scores[name] = score

    # The routes in turn, REPEATS times over, so that a slow spell of the machine falls on all of them;
    # each route's figure is its median.
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            for name, distributed in (("sluice 2 ranks x 1 thread", True), ("sluice 1 process x 2 threads", False)):
                seconds, model = run_sluice(args.sluice, path, folder, distributed)
                booster = xgb.Booster()
                booster.load_model(str(model))
                record(name, seconds, auc(y, booster.inplace_predict(x)))
            seconds, booster = run_xgboost(path, rows, folder)
            record("xgboost 2 workers x 1 thread (RabitTracker)", seconds, auc(y, booster.inplace_predict(x)))
            seconds, model = run_lightgbm(path, rows, folder)
            record("lightgbm 2 workers x 1 thread (tree_learner=data)", seconds, auc(y, model.predict(x)))
    results = {name: (statistics.median(values), scores[name]) for name, values in times.items()}
    print(f"{rows:,} rows x {x.shape[1]} features, {ROUNDS} rounds, depth {DEPTH}, eta {ETA}; "
          f"{os.cpu_count()} cores; each route from the CSV file to a trained model; median of {REPEATS} runs\n")
    print("| route | load + train | Sluice 2 x 1 ÷ route | training AUC |")
    print("|---|---|---|---|")
    ours = results["sluice 2 ranks x 1 thread"][0]
    for name, (seconds, score) in results.items():
        ratio = "—" if name.startswith("sluice 2") else f"{ours / seconds:.2f}×"
        print(f"| {name} | {seconds:.2f} s | {ratio} | {score:.4f} |")
    print(json.dumps(times))


if __name__ == "__main__":
    main()
