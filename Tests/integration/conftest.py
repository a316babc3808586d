"""Shared fixtures for the integration tests: the real binaries, a kernelspec
installed in a private Jupyter path, and a running kernel process with a
client connected to it."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("SLUICE_BUILD_DIR", ROOT / ".build" / "debug"))
KERNEL_BIN = BUILD / "sluice-kernel"
SLUICE_BIN = BUILD / "sluice"
DATA = ROOT / "data"

# A private Jupyter data directory holding the kernelspec of the binary under
# test, set before any test asks jupyter_client to find the "sluice" kernel.
_jupyter_prefix = tempfile.mkdtemp(prefix="sluice-jupyter-")
subprocess.run([str(KERNEL_BIN), "install", "--prefix", _jupyter_prefix], check=True, capture_output=True)
os.environ["JUPYTER_PATH"] = os.path.join(_jupyter_prefix, "share", "jupyter")
# Kernels started by the tests keep their execution history here, never in the user's home.
os.environ["SLUICE_KERNEL_HISTORY"] = os.path.join(_jupyter_prefix, "kernel-history.jsonl")


class KernelProcess:
    """A sluice-kernel process serving a fresh connection file, and a client."""

    def __init__(self, tmp_path: Path, key: bytes = b"a-secret-key", env=None):
        self.connection_file, self.info = write_connection_file(str(tmp_path / "kernel.json"), key=key)
        self.stderr_path = tmp_path / "kernel.stderr"
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(
            [str(KERNEL_BIN), "-f", self.connection_file], cwd=ROOT, stderr=self.stderr,
            env=dict(os.environ, **(env or {}))
        )
        self.client = BlockingKernelClient(connection_file=self.connection_file)
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)

    def execute(self, code: str, timeout: float = 60, **kwargs):
        """Runs code; returns the shell reply and the iopub messages of the request, busy to idle."""
        msg_id = self.client.execute(code, **kwargs)
        reply = self.client.get_shell_msg(timeout=timeout)
        assert reply["parent_header"]["msg_id"] == msg_id
        return reply, self.iopub_for(msg_id)

    def iopub_for(self, msg_id: str, timeout: float = 10):
        """The iopub messages whose parent is msg_id, up to and including its idle status."""
        messages = []
        while True:
            message = self.client.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(message)
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return messages

    def stderr_text(self) -> str:
        self.stderr.flush()
        return self.stderr_path.read_text()

    def close(self):
        self.client.stop_channels()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


@pytest.fixture
def kernel(tmp_path):
    process = KernelProcess(tmp_path)
    yield process
    process.close()


def telco_path() -> str:
    return str(DATA / "telco_churn.csv")
