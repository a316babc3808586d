"""A real MLflow tracking server for the tracking tests: `mlflow server` (from the PyPI package mlflow) with a
sqlite backend and its own artifact store, on a free loopback port, started and stopped by the tests."""
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from seaweed import free_port

MLFLOW = Path(sys.executable).parent / "mlflow"


class MLflowServer:
    """`mlflow server` on 127.0.0.1; `uri` is what SLUICE_TRACKING_URI and MlflowClient take."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="sluice-mlflow-"))
        self.port = free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.log = open(self.folder / "mlflow.log", "wb")
        self.process = subprocess.Popen(
            [str(MLFLOW), "server", "--backend-store-uri", f"sqlite:///{self.folder / 'mlflow.db'}",
             "--artifacts-destination", str(self.folder / "artifacts"), "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", "1"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            env=dict(os.environ, MLFLOW_ENABLE_TELEMETRY="false", DO_NOT_TRACK="1"))
        deadline = time.monotonic() + 120
        while True:
            assert self.process.poll() is None, (self.folder / "mlflow.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.uri + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "mlflow server did not start: " + (self.folder / "mlflow.log").read_text()[-3000:]
            time.sleep(0.3)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
