"""Helpers for the serving tests: a model store with a trained churn model, `sluice serve`
processes, and plain HTTP requests over loopback."""
import http.client
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from conftest import DATA, SLUICE_BIN

TRAIN_SCRIPT = """
let raw = load "{data}/telco_churn.csv"
let train_set, test_set = raw | split 80% stratify churn seed 42
let prep = recipe | impute median [total_charges] | encode onehot [contract, payment_method, internet_service]
let model = train xgboost on train_set predicting churn using prep {{ rounds = 20, max_depth = 4, eta = 0.3 }}
save model as "churn"
save test_set to "{folder}/test.csv"
"""

# Telco's columns without the target, in the model's order (the CSV contract's column order).
FEATURES = ["female", "senior_citizen", "partner", "dependents", "tenure", "phone_service", "multiple_lines",
            "internet_service", "online_security", "online_backup", "device_protection", "tech_support",
            "streaming_tv", "streaming_movies", "contract", "paperless_billing", "payment_method",
            "monthly_charges", "total_charges"]


def run_script(text: str, cwd: Path, store: Path, timeout: float = 300, check: bool = True):
    script = cwd / f"script-{time.monotonic_ns()}.sluice"
    script.write_text(text)
    result = subprocess.run([str(SLUICE_BIN), "run", str(script)], cwd=cwd, env=dict(os.environ, SLUICE_HOME=str(store)),
                            capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def train_store(folder: Path) -> Path:
    """A store under `folder` holding "churn" v1, and `folder/test.csv`, the held-out rows."""
    store = folder / "store"
    run_script(TRAIN_SCRIPT.format(data=DATA, folder=folder), folder, store)
    return store


class Server:
    """A `sluice serve` process on a free port of 127.0.0.1."""

    def __init__(self, store: Path, *arguments: str, env=None):
        self.ready = store.parent / f"ready-{time.monotonic_ns()}.json"
        self.log = open(store.parent / f"serve-{time.monotonic_ns()}.log", "wb")
        self.process = subprocess.Popen(
            [str(SLUICE_BIN), "serve", "churn", "--store", str(store), "--port", "0", "--ready-file", str(self.ready), *arguments],
            stdout=self.log, stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
        deadline = time.monotonic() + 60
        while not self.ready.exists():
            assert self.process.poll() is None, "sluice serve exited before listening"
            assert time.monotonic() < deadline, "sluice serve did not start"
            time.sleep(0.02)
        self.port = json.loads(self.ready.read_text())["port"]

    def request(self, method: str, path: str, body=b"", headers=None, timeout: float = 30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read()
        finally:
            connection.close()

    def invoke(self, body, content_type="text/csv", accept=None, headers=None):
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if accept:
            all_headers["Accept"] = accept
        return self.request("POST", "/invocations", body.encode() if isinstance(body, str) else body, all_headers)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def endpoint_records(store: Path):
    """The endpoints recorded in a store, by name."""
    return {path.stem: json.loads(path.read_text()) for path in (store / "endpoints").glob("*.json")}


def stop_endpoints(store: Path):
    """Kills every endpoint a store records (a test's cleanup, should it fail before `undeploy`)."""
    for record in endpoint_records(store).values():
        try:
            os.kill(record["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass
