"""Monitoring that pages someone: a schedule kept by the endpoint's own process, alerts POSTed to a real HTTP
listener, the /metrics gauges (linted by Prometheus's promtool), and the example alerting rules tested by
`promtool test rules`."""
import json
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from alert_receiver import AlertReceiver as Receiver
from conftest import DATA, ROOT
from seaweed import free_port
from serving import endpoint_records, run_script, stop_endpoints

CHURN = f"""
let raw = load "{DATA}/telco_churn.csv"
let train_set, test_set = raw | split 80% stratify churn seed 42
let prep = recipe | impute median [total_charges]
let best = train xgboost on train_set predicting churn using prep {{ rounds = 20, max_depth = 4 }}
"""


def metrics(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        return answer.read().decode()


def gauge(text, line_prefix):
    return next((float(line.split()[-1]) for line in text.splitlines() if line.startswith(line_prefix)), None)


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "store"
    yield folder
    stop_endpoints(folder)


def test_a_schedule_in_the_endpoint_alerts_on_drift_sets_gauges_and_ends_with_undeploy(tmp_path, store):
    receiver = Receiver()
    out = run_script(CHURN + f"""
deploy best as "churn"
monitor "churn" against best every 2s alert "{receiver.url}"
endpoints
""", tmp_path, store).stdout
    assert f'monitoring "churn" every 2s · alert {receiver.url} in the endpoint\'s process' in out, out
    assert "nothing is captured yet: the first run is in 2s" in out
    assert f"every 2s · alert {receiver.url}" in out.split("monitoring")[-1], out
    port = endpoint_records(store)["churn"]["port"]
    # The session is gone; the endpoint's process runs the schedule. Drifted traffic reaches it.
    run_script(CHURN + 'let scored = invoke "churn" with (test_set | derive tenure = tenure * 2 + 10)\n', tmp_path, store)
    alerts = receiver.wait(1)
    assert alerts, (store / "endpoints" / "churn.log").read_text()[-2000:]
    path, content_type, alert = alerts[0]
    assert path == "/hook" and content_type == "application/json"
    assert alert["endpoint"] == "churn" and alert["model"] == "churn" and alert["version"] == 1
    assert alert["rows"] == 1409 and alert["violation_count"] == len(alert["violations"]) >= 1
    assert {"feature_name": "tenure", "constraint_check_type": "baseline_drift_check"}.items() <= alert["violations"][0].items() \
        or any(v["feature_name"] == "tenure" and v["constraint_check_type"] == "baseline_drift_check" for v in alert["violations"])
    assert alert["drift"]["tenure"] > 0.1
    report = Path(alert["report"])
    assert json.loads((report / "constraint_violations.json").read_text())["violations"] == alert["violations"]
    assert (report / "statistics.json").exists() and report.parent == store / "monitoring" / "churn"
    # The gauges of the last run, in Prometheus's format (promtool lints the whole exposition).
    text = metrics(port)
    assert gauge(text, 'sluice_monitor_violations{endpoint="churn"}') >= 1
    assert gauge(text, 'sluice_monitor_interval_seconds{endpoint="churn"}') == 2
    assert gauge(text, 'sluice_monitor_alerts_total{endpoint="churn",outcome="sent"}') >= 1
    assert gauge(text, 'sluice_monitor_feature_drift{endpoint="churn",feature="tenure"}') > 0.1
    lint = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # A few clean rows: too few to judge drift, so no alert; the endpoint's log says why.
    before = len(receiver.received)
    run_script(CHURN + 'let scored = invoke "churn" with (test_set | take 5)\n', tmp_path, store)
    deadline = time.monotonic() + 30
    log = store / "endpoints" / "churn.log"
    while "5 rows are too few to judge drift" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "monitored 5 rows: no violations; 5 rows are too few to judge drift (need ≥ 4" in log.read_text(), log.read_text()[-2000:]
    assert len(receiver.received) == before
    # A receiver that is down: the alert fails after its retries, counted; the endpoint keeps answering.
    closed = free_port()
    run_script(CHURN + f'monitor "churn" against best every 2s alert "http://127.0.0.1:{closed}/hook"\n'
               'let scored = invoke "churn" with (test_set | derive tenure = tenure * 2 + 10)\n', tmp_path, store)
    deadline = time.monotonic() + 60
    while (gauge(metrics(port), 'sluice_monitor_alerts_total{endpoint="churn",outcome="failed"}') or 0) < 1 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert gauge(metrics(port), 'sluice_monitor_alerts_total{endpoint="churn",outcome="failed"}') >= 1
    assert "alert not delivered" in log.read_text()
    # undeploy ends the schedule; the reports stay.
    run_script('undeploy "churn"\n', tmp_path, store)
    assert not (store / "monitoring" / "churn" / "schedule.json").exists()
    assert list((store / "monitoring" / "churn").glob("*/constraint_violations.json"))


def test_the_example_alerting_rules_pass_promtool(tmp_path):
    rules = ROOT / "docs" / "prometheus"
    checked = subprocess.run(["promtool", "check", "rules", str(rules / "sluice-alerts.yml")], capture_output=True, text=True)
    assert checked.returncode == 0 and "SUCCESS: 7 rules found" in checked.stdout, checked.stdout + checked.stderr
    tested = subprocess.run(["promtool", "test", "rules", "sluice-alerts.test.yml"], cwd=rules, capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_a_schedule_needs_a_deployed_endpoint_and_tables_take_no_schedule(tmp_path, store):
    result = run_script(CHURN + 'monitor "nowhere" against best every 1h\n', tmp_path, store, check=False)
    assert result.returncode != 0 and '"nowhere" is not deployed' in result.stderr
    result = run_script(CHURN + 'monitor best on test_set every 1h\n', tmp_path, store, check=False)
    assert "a schedule and alerts watch an endpoint's traffic, not a table" in result.stderr
    result = run_script(CHURN + 'monitor "x" against best every 5 hours\n', tmp_path, store, check=False)
    assert "expected a duration after `every`, such as `30m`, `1h` or `1d`" in result.stderr


def ground_truth(store, folder, flip_every=0):
    """SageMaker ground-truth records for every captured request, labelled from the request's own `churn`
    values (`invoke` sends every column); with `flip_every`, every n-th label turned over. Returns the labels and
    the endpoint's own scores, in capture order."""
    folder.mkdir(parents=True, exist_ok=True)
    labels, scores, lines = [], [], []
    for file in sorted((store / "capture" / "churn").rglob("*.jsonl")):
        for line in file.read_text().splitlines():
            record = json.loads(line)
            rows = [json.loads(row) for row in record["captureData"]["endpointInput"]["data"].splitlines()]
            truth = [row["churn"] for row in rows]
            if flip_every:
                truth = [("No" if t == "Yes" else "Yes") if (len(labels) + i) % flip_every == 0 else t for i, t in enumerate(truth)]
            labels += truth
            scores += [json.loads(out)["score"] for out in record["captureData"]["endpointOutput"]["data"].splitlines()]
            lines.append(json.dumps({"groundTruthData": {"data": "\n".join(truth), "encoding": "CSV"},
                                     "eventMetadata": {"eventId": record["eventMetadata"]["eventId"]}, "eventVersion": "0"}))
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n")
    return labels, scores


def test_model_quality_merges_ground_truth_by_event_id_and_flags_a_window_that_falls(tmp_path, store):
    from sklearn.metrics import roc_auc_score
    run_script(CHURN + 'evaluate best on test_set\ndeploy best as "churn"\nlet scored = invoke "churn" with test_set\n', tmp_path, store)
    # The endpoint writes its capture off the request path: wait (bounded) until every row is there.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and sum(
            len(json.loads(line)["captureData"]["endpointInput"]["data"].splitlines())
            for file in (store / "capture" / "churn").rglob("*.jsonl") for line in file.read_text().splitlines()) < 1409:
        time.sleep(0.2)
    labels, scores = ground_truth(store, tmp_path / "truth")
    assert len(labels) == 1409
    expected = roc_auc_score([label == "Yes" for label in labels], scores)
    out = run_script('monitor quality "churn" with "truth/" metric auc threshold 0.05\n', tmp_path, store).stdout
    assert 'model quality of "churn": auc on 1,409 rows with ground truth, per 1h window' in out and ": no violations" in out, out
    window = next(line for line in out.splitlines() if line.startswith("20"))
    assert abs(float(window.split()[2]) - expected) < 5e-7, (window, expected)
    # Labels turned over for every fourth row: the window's AUC falls past the threshold.
    labels, scores = ground_truth(store, tmp_path / "worse", flip_every=4)
    worse = roc_auc_score([label == "Yes" for label in labels], scores)
    out = run_script('monitor quality "churn" with "worse/labels.jsonl" threshold 0.05\n', tmp_path, store).stdout
    assert ": 1 violation" in out and "violation" in out.splitlines()[-2] + out, out
    reports = sorted((store / "monitoring" / "churn" / "quality").glob("*/model_quality_metrics.json"))
    assert len(reports) == 2
    written = json.loads(reports[-1].read_text())
    assert written["metric"] == "auc" and abs(written["windows"][0]["value"] - worse) < 1e-9 and written["windows"][0]["rows"] == 1409
    violations = json.loads((reports[-1].parent / "constraint_violations.json").read_text())["violations"]
    assert [v["constraint_check_type"] for v in violations] == ["LessThanThreshold"]
    result = run_script('monitor quality "churn" with "truth/" metric rmse\n', tmp_path, store, check=False)
    assert "`rmse` is not a metric of binary classification" in result.stderr


def wait_for_capture(store, rows, seconds=30):
    """Waits (bounded) until the endpoint's capture files hold `rows` rows: it writes them off the request path."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and sum(
            len(json.loads(line)["captureData"]["endpointInput"]["data"].splitlines())
            for file in (store / "capture" / "churn").rglob("*.jsonl") for line in file.read_text().splitlines()) < rows:
        time.sleep(0.2)


def test_inference_ids_carry_ground_truth_from_a_table_or_sagemaker_records_and_a_schedule_alerts_on_quality(tmp_path, store):
    from sklearn.metrics import roc_auc_score
    receiver = Receiver()
    ids = 'let labelled = test_set | derive customer = "c-" + text(row_number())\n'
    run_script(CHURN + 'evaluate best on test_set\ndeploy best as "churn"\n' + ids
               + 'let scored = invoke "churn" with labelled by customer\n', tmp_path, store)
    wait_for_capture(store, 1409)
    # One request a row, named by its customer: SageMaker's inferenceId in the capture record, beside the eventId.
    records = [json.loads(line) for file in sorted((store / "capture" / "churn").rglob("*.jsonl")) for line in file.read_text().splitlines()]
    assert len(records) == 1409 and all(len(r["captureData"]["endpointInput"]["data"].splitlines()) == 1 for r in records)
    metadata = records[0]["eventMetadata"]
    assert list(metadata) == ["eventId", "inferenceId", "inferenceTime"] and metadata["inferenceId"].startswith("c-")
    truth = {r["eventMetadata"]["inferenceId"]: json.loads(r["captureData"]["endpointInput"]["data"])["churn"] for r in records}
    scores = {r["eventMetadata"]["inferenceId"]: json.loads(r["captureData"]["endpointOutput"]["data"])["score"] for r in records}
    expected = roc_auc_score([truth[i] == "Yes" for i in truth], [scores[i] for i in truth])
    # SageMaker's ground-truth records, keyed by the inference id, merge as the table does.
    folder = tmp_path / "truth"
    folder.mkdir()
    (folder / "labels.jsonl").write_text("".join(json.dumps({"groundTruthData": {"data": label, "encoding": "CSV"},
                                                             "eventMetadata": {"eventId": i}, "eventVersion": "0"}) + "\n"
                                                 for i, label in truth.items()))
    for source in ['"truth/"', "labelled by customer"]:
        out = run_script(CHURN + ids + f'monitor quality "churn" with {source} metric auc every 1d\n', tmp_path, store).stdout
        assert 'model quality of "churn": auc on 1,409 rows with ground truth, per 1d window' in out, out
        window = next(line for line in out.splitlines() if line.startswith("20"))
        assert abs(float(window.split()[2]) - expected) < 5e-7, (source, window, expected)
    # A schedule may be set before any ground truth arrives: it says so, and is kept.
    out = run_script('monitor quality "churn" with "later/" every 1h\n', tmp_path, store).stdout
    assert "no ground truth (.jsonl files) under" in out and "the first run is in 1h" in out, out
    assert json.loads((store / "monitoring" / "churn" / "quality" / "schedule.json").read_text())["every"] == 3600
    # The path with `every` is kept by the endpoint; labels turned over later make it alert on the fallen window.
    out = run_script(f'monitor quality "churn" with "truth/" every 2s alert "{receiver.url}"\nendpoints\n', tmp_path, store).stdout
    assert f'monitoring "churn" quality every 2s · alert {receiver.url} in the endpoint\'s process' in out, out
    assert (store / "monitoring" / "churn" / "quality" / "schedule.json").exists()
    assert not receiver.received
    flipped = {i: ("No" if label == "Yes" else "Yes") if n % 3 == 0 else label for n, (i, label) in enumerate(truth.items())}
    # Written whole and renamed into place, so that no run reads half of it.
    (folder / "labels.partial").write_text("".join(json.dumps({"groundTruthData": {"data": label, "encoding": "CSV"},
                                                                "eventMetadata": {"eventId": i}, "eventVersion": "0"}) + "\n"
                                                    for i, label in flipped.items()))
    (folder / "labels.partial").rename(folder / "labels.jsonl")
    alerts = receiver.wait(1)
    assert alerts, (store / "endpoints" / "churn.log").read_text()[-2000:]
    alert = alerts[0][2]
    assert alert["monitoring"] == "model_quality" and alert["metric"] == "auc" and alert["violation_count"] >= 1
    # The schedule's windows are its interval, 2 s, by the time each request was answered: each fallen window's AUC
    # is scikit-learn's on the requests answered in it.
    windows = {}
    for r in records:
        answered = datetime.fromisoformat(r["eventMetadata"]["inferenceTime"].replace("Z", "+00:00")).timestamp()
        windows.setdefault(int(answered // 2 * 2), []).append(r["eventMetadata"]["inferenceId"])
    for window in alert["windows"]:
        members = windows[int(datetime.fromisoformat(window["start"].replace("Z", "+00:00")).timestamp())]
        assert window["rows"] == len(members)
        assert abs(window["value"] - roc_auc_score([flipped[i] == "Yes" for i in members], [scores[i] for i in members])) < 1e-9
    assert sum(w["rows"] for w in alert["windows"]) >= 1000 and alert["violation_count"] == len(alert["windows"])
    assert alert["violations"][0]["constraint_check_type"] == "LessThanThreshold"
    assert Path(alert["model_quality_metrics"]).exists()
    port = endpoint_records(store)["churn"]["port"]
    text = metrics(port)
    assert gauge(text, 'sluice_model_quality_violations{endpoint="churn"}') == alert["violation_count"]
    written = json.loads(Path(alert["model_quality_metrics"]).read_text())
    assert gauge(text, 'sluice_model_quality_metric{endpoint="churn",metric="auc"}') == written["windows"][-1]["value"]
    assert gauge(text, 'sluice_model_quality_interval_seconds{endpoint="churn"}') == 2
    lint = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # A window is alerted on once: the next runs find the same fallen window and stay quiet.
    time.sleep(4.5)
    assert len(receiver.received) == 1
    # An inference id SageMaker would refuse is refused.
    request = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=b"1,2", method="POST",
                                     headers={"Content-Type": "text/csv", "X-Amzn-SageMaker-Inference-Id": "x" * 65})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400 and b"1 to 64 characters" in refused.value.read()
    run_script('undeploy "churn"\n', tmp_path, store)
    assert not (store / "monitoring" / "churn" / "quality" / "schedule.json").exists()



def test_the_sagemaker_sdk_loads_every_monitoring_file_sluice_writes(tmp_path, store, monkeypatch):
    """statistics.json, constraints.json and constraint_violations.json, read by the `sagemaker` SDK's own classes
    (`from_file_path` uploads each to S3 and reads it back: SeaweedFS stands in for S3)."""
    from seaweed import SeaweedS3
    labelled = 'let labelled = test_set | derive customer = "c-" + text(row_number())\n'
    run_script(CHURN + labelled + 'evaluate best on test_set\ndeploy best as "churn"\n'
               'let scored = invoke "churn" with labelled by customer\n'
               'let doubled = invoke "churn" with (test_set | derive monthly_charges = monthly_charges * 2)\n', tmp_path, store)
    wait_for_capture(store, 2818)
    run_script(CHURN + labelled + 'monitor "churn" against best\n'
               'monitor quality "churn" with (labelled | derive churn = if(churn == "Yes", "No", "Yes")) by customer\n', tmp_path, store)
    server = SeaweedS3()
    try:
        server.bucket("sdk")
        for name, value in server.env().items():
            if name.startswith("AWS_"):
                monkeypatch.setenv(name, value)
        import boto3
        from sagemaker.core.helper.session_helper import Session
        from sagemaker.core.model_monitor import Constraints, ConstraintViolations, Statistics
        session = Session(boto_session=boto3.Session(region_name="us-east-1"), default_bucket="sdk")
        reports = sorted(path for path in (store / "monitoring" / "churn").iterdir() if (path / "statistics.json").exists())
        quality = sorted((store / "monitoring" / "churn" / "quality").iterdir())
        assert len(reports) == 1 and len(quality) == 1
        for path in [store / "models" / "churn" / "v1.statistics.json", reports[0] / "statistics.json"]:
            statistics = Statistics.from_file_path(str(path), sagemaker_session=session)
            assert statistics.file_s3_uri.startswith("s3://sdk/") and statistics.body_dict == json.loads(path.read_text())
            numeric = [f for f in statistics.body_dict["features"] if "numerical_statistics" in f]
            assert numeric, path
            for feature in numeric:
                sketch = feature["numerical_statistics"]["distribution"]["kll"]["sketch"]
                assert sketch["parameters"] == {"c": 0.64, "k": 2048}
                weight = sum(len(level) << height for height, level in enumerate(sketch["data"]))
                assert weight == feature["numerical_statistics"]["common"]["num_present"], (path, feature["name"])
        path = store / "models" / "churn" / "v1.constraints.json"
        constraints = Constraints.from_file_path(str(path), sagemaker_session=session)
        assert constraints.body_dict == json.loads(path.read_text())
        constraints.set_monitoring(False, feature_name="tenure")
        constraints.set_monitoring(False)
        tenure = next(f for f in constraints.body_dict["features"] if f["name"] == "tenure")
        assert tenure["monitoring_config_overrides"] == {"evaluate_constraints": "Disabled"}
        assert tenure["num_constraints"] == {"is_non_negative": True}
        assert constraints.body_dict["monitoring_config"]["evaluate_constraints"] == "Disabled"
        for path, check in [(reports[0] / "constraint_violations.json", "baseline_drift_check"),
                            (quality[0] / "constraint_violations.json", "LessThanThreshold")]:
            violations = ConstraintViolations.from_file_path(str(path), sagemaker_session=session)
            assert violations.body_dict == json.loads(path.read_text())
            assert any(v["constraint_check_type"] == check for v in violations.body_dict["violations"]), path
            assert all(set(v) == {"feature_name", "constraint_check_type", "description"} for v in violations.body_dict["violations"])
        # Ground truth in S3: SageMaker's records under a prefix, merged as the table was (every label turned over).
        records = [json.loads(line) for file in (store / "capture" / "churn").rglob("*.jsonl") for line in file.read_text().splitlines()]
        named = [r for r in records if "inferenceId" in r["eventMetadata"]]
        assert len(named) == 1409
        flipped = {r["eventMetadata"]["inferenceId"]: "No" if json.loads(r["captureData"]["endpointInput"]["data"])["churn"] == "Yes" else "Yes"
                   for r in named}
        server.client.put_object(Bucket="sdk", Key="truth/2026/11/29/labels.jsonl", Body="".join(
            json.dumps({"groundTruthData": {"data": label, "encoding": "CSV"}, "eventMetadata": {"eventId": i}, "eventVersion": "0"}) + "\n"
            for i, label in flipped.items()).encode())
        table = json.loads((quality[0] / "model_quality_metrics.json").read_text())["windows"]
        out = run_script('monitor quality "churn" with "s3://sdk/truth/" metric auc\n', tmp_path, store).stdout
        assert 'model quality of "churn": auc on 1,409 rows with ground truth, per 1h window' in out, out
        assert "1 captured request has no ground truth yet" in out, out  # the doubled charges' one request
        reread = json.loads(sorted((store / "monitoring" / "churn" / "quality").glob("*/model_quality_metrics.json"))[-1].read_text())
        assert reread["windows"] == table
    finally:
        server.stop()
