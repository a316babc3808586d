#!/usr/bin/env python3
"""Kernel latency: sluice-kernel against ipykernel, in one run.

For each kernel: the time from starting the process to the first kernel_info_reply
(median of 5 starts), and the median round trip of an execute_request for a trivial
expression (`1 + 1`) over 500 requests, from sending it to receiving its idle status.
Prints both and Sluice's ratio to ipykernel. Targets: both at most 0.5x ipykernel's.
Usage: benchmarks/kernel_latency.py [--sluice-kernel PATH]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

ROOT = Path(__file__).resolve().parents[1]
STARTS, REQUESTS = 5, 500


def start(command, directory):
    """Starts a kernel on a fresh connection file; returns the process, a client, and the seconds to its first kernel_info_reply."""
    connection_file, _ = write_connection_file(str(Path(directory) / f"kernel-{time.monotonic_ns()}.json"))
    started = time.perf_counter()
    process = subprocess.Popen(command + [connection_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=dict(os.environ, SLUICE_KERNEL_HISTORY=str(Path(directory) / "history.jsonl")))
    # The client connects before the kernel has bound its ports; retry every 2 ms rather than
    # ZeroMQ's default 100 ms, so the start time measures the kernel, not the retry interval.
    context = zmq.Context()
    context.setsockopt(zmq.RECONNECT_IVL, 2)
    client = BlockingKernelClient(connection_file=connection_file, context=context)
    client.load_connection_file()
    client.start_channels()
    while True:
        client.kernel_info()
        try:
            reply = client.get_shell_msg(timeout=0.01)
        except Exception:
            continue
        if reply["msg_type"] == "kernel_info_reply":
            return process, client, time.perf_counter() - started


def stop(process, client):
    client.shutdown()
    client.stop_channels()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def round_trips(client, code):
    # Wait for the iopub subscription to be live before timing.
    client.wait_for_ready(timeout=30)
    client.execute_interactive(code, timeout=30, output_hook=lambda message: None)
    times = []
    for _ in range(REQUESTS):
        sent = time.perf_counter()
        msg_id = client.execute(code)
        while True:
            message = client.get_iopub_msg(timeout=30)
            if (message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "status"
                    and message["content"]["execution_state"] == "idle"):
                break
        client.get_shell_msg(timeout=30)
        times.append(time.perf_counter() - sent)
    return statistics.median(times)


def measure(command):
    with tempfile.TemporaryDirectory() as directory:
        startups = []
        for _ in range(STARTS):
            process, client, seconds = start(command, directory)
            startups.append(seconds)
            stop(process, client)
        process, client, _ = start(command, directory)
        try:
            trip = round_trips(client, "1 + 1")
        finally:
            stop(process, client)
    return statistics.median(startups), trip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sluice-kernel", type=Path, default=ROOT / ".build" / "release" / "sluice-kernel")
    args = parser.parse_args()
    sluice = measure([str(args.sluice_kernel), "-f"])
    ipykernel = measure([sys.executable, "-m", "ipykernel_launcher", "-f"])
    print(f"start to first kernel_info_reply (median of {STARTS}), and median execute round trip of `1 + 1` over {REQUESTS}\n")
    print("| kernel | start | Sluice ÷ kernel | execute round trip | Sluice ÷ kernel |")
    print("|---|---|---|---|---|")
    for name, (startup, trip) in [("sluice-kernel", sluice), ("ipykernel", ipykernel)]:
        print(f"| {name} | {startup * 1000:.0f} ms | {sluice[0] / startup:.2f}x | {trip * 1000:.2f} ms | {sluice[1] / trip:.2f}x |")


if __name__ == "__main__":
    main()
