"""`s3://` locations against a real S3 server (SeaweedFS), with boto3 as the independent reader and
writer: round trips compared byte for byte, multipart uploads and parallel ranged reads of a large
object, globs over listings, refusals that name the cause, and nothing half-written when interrupted."""
import os
import signal
import subprocess
import time

import pytest

from conftest import DATA, SLUICE_BIN
from seaweed import ADMIN, READER, SeaweedS3, free_port, sluice_env


@pytest.fixture(scope="module")
def s3():
    server = SeaweedS3()
    server.bucket("lake")
    server.client.upload_file(str(DATA / "telco_churn.csv"), "lake", "churn/2026-11.csv")
    yield server
    server.stop()


def run(script, cwd, env, check=True, timeout=300):
    path = cwd / f"script-{time.monotonic_ns()}.sluice"
    path.write_text(script)
    result = subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def body(s3, key, bucket="lake"):
    return s3.client.get_object(Bucket=bucket, Key=key)["Body"].read()


def test_load_and_save_round_trip_byte_for_byte(s3, tmp_path):
    run('let t = load "s3://lake/churn/2026-11.csv"\n'
        'save t to "s3://lake/out/copy.csv"\n'
        f'save t to "{tmp_path}/copy.csv"\n'
        f'save (load "{DATA}/telco_churn.csv") to "{tmp_path}/local.csv"\n', tmp_path, s3.env())
    written = body(s3, "out/copy.csv")
    assert written == (tmp_path / "copy.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert written.count(b"\n") == 7044


def test_a_large_object_is_read_in_parallel_ranges_and_written_in_parts(s3, tmp_path):
    # About 73 MB: three read parts of 32 MiB, and a multipart upload of nine parts of 8 MiB.
    source = (DATA / "telco_churn.csv").read_bytes().split(b"\n", 1)
    with open(tmp_path / "big.csv", "wb") as out:
        out.write(source[0] + b"\n")
        for _ in range(75):
            out.write(source[1].rstrip(b"\n") + b"\n")
    s3.client.upload_file(str(tmp_path / "big.csv"), "lake", "big/big.csv")
    run('let big = load "s3://lake/big/big.csv"\n'
        'save big to "s3://lake/big/copy.csv"\n'
        f'save (load "{tmp_path}/big.csv") to "{tmp_path}/expected.csv"\n', tmp_path, s3.env())
    head = s3.client.head_object(Bucket="lake", Key="big/copy.csv")
    assert "-" in head["ETag"], "not written by multipart upload"
    assert body(s3, "big/copy.csv") == (tmp_path / "expected.csv").read_bytes()
    assert s3.client.list_multipart_uploads(Bucket="lake").get("Uploads", []) == []


def test_a_glob_loads_every_match_in_name_order(s3, tmp_path):
    for name, rows in (("b.csv", "3,c\n"), ("a.csv", "1,a\n2,b\n"), ("notes.txt", "x\n")):
        s3.client.put_object(Bucket="lake", Key=f"parts/{name}", Body=b"id,letter\n" + rows.encode())
    s3.client.put_object(Bucket="lake", Key="parts/deeper/c.csv", Body=b"id,letter\n9,z\n")
    result = run('load "s3://lake/parts/*.csv" | select [id, letter]\n', tmp_path, s3.env())
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [["1", "a"], ["2", "b"], ["3", "c"]] == [row for row in rows if len(row) == 2 and row[0].isdigit()], result.stdout
    assert "3 rows × 2 columns" in result.stdout


def test_missing_bucket_and_key_are_named_with_a_suggestion(s3, tmp_path):
    result = run('load "s3://no-such-bucket/x.csv"\n', tmp_path, s3.env(), check=False)
    assert result.returncode != 0
    assert "the bucket `no-such-bucket` does not exist" in result.stderr
    assert "line 1" in result.stderr or "line 1:" in result.stderr
    result = run('load "s3://lake/churn/2026-12.csv"\n', tmp_path, s3.env(), check=False)
    assert "no object at s3://lake/churn/2026-12.csv" in result.stderr
    assert 'did you mean "s3://lake/churn/2026-11.csv"?' in result.stderr


def test_a_wrong_secret_is_refused_naming_the_key_never_the_secret(s3, tmp_path):
    wrong = (ADMIN[0], "not-the-secret-987654321")
    result = run('load "s3://lake/churn/2026-11.csv"\n', tmp_path, s3.env(wrong), check=False)
    assert result.returncode != 0
    assert f"access denied to s3://lake/churn/2026-11.csv for access key {ADMIN[0]}" in result.stderr
    assert wrong[1] not in result.stderr + result.stdout


def test_a_read_only_identity_reads_but_cannot_write(s3, tmp_path):
    env = s3.env(READER)
    run('let t = load "s3://lake/churn/2026-11.csv"\nprint t | take 1\n', tmp_path, env)
    result = run('save (load "s3://lake/churn/2026-11.csv") to "s3://lake/readonly/out.csv"\n', tmp_path, env, check=False)
    assert result.returncode != 0
    assert f"cannot save to \"s3://lake/readonly/out.csv\": access denied to s3://lake/readonly/out.csv for access key {READER[0]}" \
        in result.stderr
    assert s3.client.list_objects_v2(Bucket="lake", Prefix="readonly/").get("KeyCount", 0) == 0
    assert READER[1] not in result.stderr


def test_an_interrupted_upload_leaves_no_object_and_no_parts(s3, tmp_path):
    source = (DATA / "telco_churn.csv").read_bytes().split(b"\n", 1)
    with open(tmp_path / "huge.csv", "wb") as out:
        out.write(source[0] + b"\n")
        for _ in range(120):
            out.write(source[1].rstrip(b"\n") + b"\n")
    script = tmp_path / "upload.sluice"
    script.write_text(f'let t = load "{tmp_path}/huge.csv"\nsave t to "s3://lake/interrupted/huge.csv"\n')
    process = subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=s3.env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Interrupt once the multipart upload has begun (bounded wait).
    deadline = time.monotonic() + 120
    while not s3.client.list_multipart_uploads(Bucket="lake").get("Uploads"):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "the upload never started"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert process.returncode != 0
    assert 'interrupted while saving to "s3://lake/interrupted/huge.csv"; nothing was written there' in errors
    assert s3.client.list_objects_v2(Bucket="lake", Prefix="interrupted/").get("KeyCount", 0) == 0
    assert s3.client.list_multipart_uploads(Bucket="lake").get("Uploads", []) == []


def test_an_unreachable_endpoint_fails_clearly_after_retries(tmp_path):
    env = sluice_env(f"http://127.0.0.1:{free_port()}", ADMIN, tmp_path)
    result = run('load "s3://lake/x.csv"\n', tmp_path, env, check=False)
    assert result.returncode != 0
    assert "cannot reach the S3 endpoint http://127.0.0.1:" in result.stderr and "after 3 attempts" in result.stderr


def test_other_schemes_and_bad_buckets_are_refused_before_running(tmp_path, s3):
    result = run('print "first"\nload "gs://lake/x.csv"\n', tmp_path, s3.env(), check=False)
    assert "`gs://` locations are not supported" in result.stderr and "first" not in result.stdout
    result = run('load "s3://A_Bucket/x.csv"\n', tmp_path, s3.env(), check=False)
    assert "`A_Bucket` is not a bucket name" in result.stderr


def test_transform_reads_and_writes_s3_as_it_does_files(s3, tmp_path):
    env = s3.env(SLUICE_HOME=str(tmp_path / "store"))
    run(f'let t = load "{DATA}/telco_churn.csv"\n'
        'save (train xgboost on t predicting churn { rounds = 10, max_depth = 3 }) as "churn"\n'
        f'transform "{DATA}/telco_churn.csv" with (load model "churn") to "{tmp_path}/local.csv" join input\n'
        'transform "s3://lake/churn/2026-11.csv" with (load model "churn") to "s3://lake/scored/churn.csv" join input\n',
        tmp_path, env)
    assert body(s3, "scored/churn.csv") == (tmp_path / "local.csv").read_bytes()
    result = run('transform "s3://lake/churn/missing.csv" with (load model "churn") to "s3://lake/scored/x.csv"\n',
                 tmp_path, env, check=False)
    assert result.returncode != 0 and "no object at s3://lake/churn/missing.csv" in result.stderr
    assert s3.client.list_objects_v2(Bucket="lake", Prefix="scored/x").get("KeyCount", 0) == 0


def test_gzip_files_local_and_in_s3_read_and_write_as_gzip_does(s3, tmp_path):
    import gzip
    raw = (DATA / "telco_churn.csv").read_bytes()
    (tmp_path / "churn.csv.gz").write_bytes(gzip.compress(raw))
    # Two gzip members one after the other, as `cat a.gz b.gz` makes: one stream of both.
    header, rows = raw.split(b"\n", 1)
    s3.client.put_object(Bucket="lake", Key="gz/churn.csv.gz", Body=gzip.compress(header + b"\n" + rows[:50_000])
                         + gzip.compress(rows[50_000:]))
    run(f'let local = load "{tmp_path}/churn.csv.gz"\n'
        'let remote = load "s3://lake/gz/churn.csv.gz"\n'
        f'save local to "{tmp_path}/local.csv"\n'
        f'save remote to "{tmp_path}/remote.csv"\n'
        'save remote to "s3://lake/gz/copy.csv.gz"\n'
        f'save local to "{tmp_path}/copy.csv.gz"\n'
        f'save (load "{DATA}/telco_churn.csv") to "{tmp_path}/expected.csv"\n', tmp_path, s3.env())
    expected = (tmp_path / "expected.csv").read_bytes()
    assert (tmp_path / "local.csv").read_bytes() == expected == (tmp_path / "remote.csv").read_bytes()
    assert gzip.decompress(body(s3, "gz/copy.csv.gz")) == expected
    assert gzip.decompress((tmp_path / "copy.csv.gz").read_bytes()) == expected
    (tmp_path / "cut.csv.gz").write_bytes(gzip.compress(raw)[:5000])
    result = run(f'load "{tmp_path}/cut.csv.gz"\n', tmp_path, s3.env(), check=False)
    assert result.returncode != 0 and "the gzip data ends early" in result.stderr


def test_a_server_killed_mid_read_is_a_clear_error_and_no_table(tmp_path):
    server = SeaweedS3()
    try:
        server.bucket("lake")
        source = (DATA / "telco_churn.csv").read_bytes().split(b"\n", 1)
        with open(tmp_path / "big.csv", "wb") as out:
            out.write(source[0] + b"\n")
            for _ in range(200):
                out.write(source[1].rstrip(b"\n") + b"\n")
        server.client.upload_file(str(tmp_path / "big.csv"), "lake", "big.csv")
        script = tmp_path / "read.sluice"
        script.write_text('let t = load "s3://lake/big.csv"\nprint "loaded"\nt | take 1\n')
        process = subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=server.env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert process.poll() is None, "the read finished before the server could be killed"
        server.process.send_signal(signal.SIGKILL)
        output, errors = process.communicate(timeout=120)
        assert process.returncode != 0
        assert "loaded" not in output
        assert 'cannot load "s3://lake/big.csv": cannot reach the S3 endpoint' in errors, errors
    finally:
        server.stop()


def test_the_object_storage_notebook_runs_against_the_server(s3, monkeypatch):
    import nbformat
    from nbclient import NotebookClient
    from conftest import ROOT
    s3.client.upload_file(str(DATA / "telco_churn.csv"), "lake", "churn/telco.csv")
    for name, value in s3.env().items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    path = ROOT / "notebooks" / "object-storage.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="sluice", resources={"metadata": {"path": str(path.parent)}}).execute()
    cells = {cell.id: cell for cell in notebook.cells}
    assert "3 rows × 20 columns" in cells["cell-1"].outputs[0].data["text/plain"]
    written = gzip_rows(body(s3, "out/month-to-month.csv.gz"))
    assert written == 3875 + 1
    assert "3,875 rows × 20 columns" in cells["cell-5"].outputs[0].data["text/plain"]
    error = cells["cell-7"].outputs[0]
    assert error.output_type == "error" and "no object at s3://lake/churn/telco.cvs" in error.evalue
    assert any('did you mean "s3://lake/churn/telco.csv"?' in line for line in error.traceback)


def gzip_rows(data):
    import gzip
    return gzip.decompress(data).count(b"\n")


def keys(s3, bucket, prefix):
    pages = s3.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def test_a_store_in_s3_keeps_models_serves_them_captures_and_monitors(s3, tmp_path):
    import json
    s3.bucket("models")
    state = tmp_path / "state"
    env = s3.env(SLUICE_HOME="s3://models/team/sluice", XDG_STATE_HOME=str(state))
    records = state / "sluice" / "s3" / "models" / "team" / "sluice" / "endpoints"
    try:
        result = run('let raw = load "s3://lake/churn/2026-11.csv"\n'
                     'let train_set, test_set = raw | split 80% stratify churn seed 42\n'
                     'let best = train xgboost on train_set predicting churn { rounds = 10, max_depth = 3 }\n'
                     'save best as "churn"\n'
                     'save best as "churn"\n'
                     'models\n'
                     'deploy best as "churn"\n'
                     'let scored = invoke "churn" with test_set\n'
                     'print (scored | take 2)\n'
                     'print (test_set | predict best | select [score, predicted_label] | take 2)\n'
                     'monitor "churn" against best\n'
                     'save (load model "churn" version 1) to "s3://lake/exported/churn.json"\n'
                     'approve "churn" version 1\n'
                     'lineage "churn" version 1\n'
                     'print (runs | select [kind, data, model])\n', tmp_path, env)
        out = result.stdout
        assert "saved churn v1 in s3://models/team/sluice" in out and "saved churn v2" in out
        assert 'deployed "churn": churn v2 at http://127.0.0.1:' in out, out
        assert "monitored 1,409 rows of \"churn\"'s captured traffic: no violations" in out, out
        # Invoked through the endpoint that loaded the model from S3: the same scores as predicting here.
        served, local = out.split("score")[1:3]
        assert served.split()[:4] == local.split()[:4], out
        # The store is in the bucket, complete, with no reservation left behind; nothing is local but the endpoint's record.
        stored = keys(s3, "models", "team/sluice/models/")
        assert stored == sorted(f"team/sluice/models/churn/v{v}.{suffix}" for v in (1, 2)
                                for suffix in ("constraints.json", "json", "statistics.json", "xgboost.json") + (("registry.json",) if v == 1 else ()))
        assert json.loads(body(s3, "team/sluice/models/churn/v1.registry.json", "models"))["status"] == "approved"
        # The run log is in the bucket: an object for the run, one for each version stored from it (deploying v2 again
        # links it again, and `runs` lists it once).
        logged = [json.loads(body(s3, key, "models")) for key in keys(s3, "models", "team/sluice/runs/")]
        assert [entry["run"]["kind"] for entry in logged if "run" in entry] == ["train"]
        assert sorted(entry["link"]["version"] for entry in logged if "link" in entry) == [1, 2, 2]
        assert "train  train_set  churn v1, churn v2" in out, out
        assert 'lineage of "churn" v1\ndata        train_set from s3://lake/churn/2026-11.csv · 5,634 rows × 20 columns' in out, out
        assert not (tmp_path / ".sluice").exists()
        record = json.loads((records / "churn.json").read_text())
        assert record["version"] == 2
        assert json.loads(body(s3, "team/sluice/models/churn/v1.xgboost.json", "models"))["learner"]["attributes"] is not None
        assert body(s3, "exported/churn.json") == body(s3, "team/sluice/models/churn/v1.xgboost.json", "models")
        # Capture went to S3 in SageMaker's layout, one line a request, and held every row invoked.
        captured = keys(s3, "models", "team/sluice/capture/churn/AllTraffic/")
        assert captured and all(key.endswith(".jsonl") for key in captured)
        lines = [json.loads(line) for key in captured for line in body(s3, key, "models").decode().splitlines()]
        sent = [line["captureData"]["endpointInput"]["data"] for line in lines]
        assert sum(len(data.splitlines()) for data in sent) == 1409, sent[0][:300]
        # The monitoring report is in the bucket too.
        reports = keys(s3, "models", "team/sluice/monitoring/churn/")
        assert [key.rsplit("/", 1)[1] for key in reports] == ["constraint_violations.json", "statistics.json"]
        statistics = json.loads(body(s3, next(key for key in reports if key.endswith("statistics.json")), "models"))
        assert statistics["dataset"]["item_count"] == 1409
        # `sluice serve` and `sluice monitor` take the S3 store as well.
        monitor = subprocess.run([str(SLUICE_BIN), "monitor", "churn"], cwd=tmp_path, env=env, capture_output=True, text=True,
                                 timeout=120)
        assert monitor.returncode == 0, monitor.stderr
        assert len(keys(s3, "models", "team/sluice/monitoring/churn/")) == 4
        run('undeploy "churn"\n', tmp_path, env)
        assert not (records / "churn.json").exists()
    finally:
        for path in records.glob("*.json") if records.exists() else []:
            try:
                os.kill(json.loads(path.read_text())["pid"], signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_a_version_number_is_taken_once_when_two_processes_save_to_an_s3_store_at_once(s3, tmp_path):
    s3.bucket("race")
    env = s3.env(SLUICE_HOME="s3://race/store")
    script = tmp_path / "save.sluice"
    script.write_text(f'let t = load "{DATA}/telco_churn.csv" | take 500\n'
                      'let m = train xgboost on t predicting churn { rounds = 2 }\n'
                      'save m as "twin"\nsave m as "twin"\nsave m as "twin"\n')
    processes = [subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert all(process.returncode == 0 for process in processes), [errors for _, errors in outputs]
    saved = sorted(int(line.split(" v")[1].split()[0]) for out, _ in outputs for line in out.splitlines()
                   if line.startswith("saved twin v"))
    assert saved == list(range(1, 10))
    assert keys(s3, "race", "store/models/twin/") == sorted(f"store/models/twin/v{v}.{suffix}" for v in range(1, 10)
                                                           for suffix in ("constraints.json", "json", "statistics.json", "xgboost.json"))


def test_columns_of_an_s3_object_are_checked_before_the_run_when_credentials_are_there(s3, tmp_path):
    script = 'print "first"\nload "s3://lake/churn/2026-11.csv" | select [tenure, monthly_charge]\n'
    result = run(script, tmp_path, s3.env(), check=False)
    assert result.returncode != 0 and "first" not in result.stdout
    assert "monthly_charge" in result.stderr and "monthly_charges" in result.stderr, result.stderr
    # Without credentials nothing is read before the run: the first line runs, then the load is refused.
    anonymous = {name: value for name, value in s3.env().items() if name not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    result = run(script, tmp_path, anonymous, check=False)
    assert result.returncode != 0 and "first" in result.stdout, result.stderr
    assert "access denied to s3://lake/churn/2026-11.csv without credentials" in result.stderr, result.stderr


def test_a_training_job_of_two_ranks_reads_its_shards_from_s3(s3, tmp_path):
    header, *rows = (DATA / "telco_churn.csv").read_text().splitlines(keepends=True)
    for index in range(3):
        part = header + "".join(rows[index * len(rows) // 3:(index + 1) * len(rows) // 3])
        s3.client.put_object(Bucket="lake", Key=f"sharded/part-{index}.csv", Body=part.encode())
    env = s3.env(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    run('let far = train xgboost on "s3://lake/sharded/*.csv" predicting churn { rounds = 10, max_depth = 4, instances = 2 }\n'
        'save far to "s3://lake/sharded-model/far.json"\n'
        'save (train xgboost on (load "s3://lake/sharded/*.csv") predicting churn { rounds = 10, max_depth = 4 }) to "here.json"\n',
        tmp_path, env)
    assert body(s3, "sharded-model/far.json") == (tmp_path / "here.json").read_bytes()


def test_a_transform_job_of_two_ranks_reads_and_writes_s3(s3, tmp_path):
    env = s3.env(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    run(f'let m = train xgboost on (load "{DATA}/telco_churn.csv") predicting churn {{ rounds = 10, max_depth = 3 }}\n'
        f'transform "{DATA}/telco_churn.csv" with m to "{tmp_path}/local.csv" join input\n'
        'transform "s3://lake/churn/2026-11.csv" with m to "s3://lake/scored-ranks/churn.csv" join input { instances = 2 }\n',
        tmp_path, env)
    assert body(s3, "scored-ranks/churn.csv") == (tmp_path / "local.csv").read_bytes()
    # The ranks' parts are gone once joined.
    keys = [item["Key"] for item in s3.client.list_objects_v2(Bucket="lake", Prefix="scored-ranks/").get("Contents", [])]
    assert keys == ["scored-ranks/churn.csv"]
