"""`sluice serve`: SageMaker's container contract over real HTTP on loopback — every content type
and Accept, every error status, bearer tokens, Prometheus metrics, data capture, reloading under
load and a graceful SIGTERM."""
import csv
import io
import json
import random
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from serving import FEATURES, Server, run_script, train_store


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    store = train_store(folder)
    with open(folder / "test.csv") as handle:
        rows = list(csv.DictReader(handle))
    # The engine's own predictions for the held-out rows, by batch transform: what every endpoint answer must equal.
    run_script(f'transform "{folder}/test.csv" with (load model "churn") to "{folder}/expected.csv"\n', folder, store)
    with open(folder / "expected.csv") as handle:
        expected = [(line["score"], line["predicted_label"]) for line in csv.DictReader(handle)]
    return folder, store, rows, expected


@pytest.fixture
def server(trained):
    _, store, _, _ = trained
    running = Server(store)
    yield running
    running.stop()


def csv_body(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[name] for name in FEATURES])
    return out.getvalue()


def typed(row):
    """A row as JSON values: numbers where the column is numeric, null where empty."""
    out = {}
    for name in FEATURES:
        value = row[name]
        if value == "":
            out[name] = None
        else:
            try:
                out[name] = int(value)
            except ValueError:
                try:
                    out[name] = float(value)
                except ValueError:
                    out[name] = value
    return out


def test_ping_answers_once_the_model_is_loaded(server):
    status, headers, body = server.request("GET", "/ping")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "endpoint": "churn", "model": "churn", "version": 1}


def test_csv_rows_are_scored_as_the_engine_scores_them(server, trained):
    _, _, rows, expected = trained
    status, headers, body = server.invoke(csv_body(rows[:200]))
    assert status == 200
    assert headers["content-type"] == "text/csv"
    assert headers["x-sluice-model"] == "churn/v1"
    assert body.decode().splitlines() == [f"{score},{label}" for score, label in expected[:200]]


def test_json_objects_and_arrays_and_json_lines(server, trained):
    _, _, rows, expected = trained
    instances = [typed(rows[0]), [typed(rows[1])[name] for name in FEATURES]]
    status, headers, body = server.invoke(json.dumps({"instances": instances}), "application/json", "application/json")
    assert status == 200 and headers["content-type"] == "application/json"
    predictions = json.loads(body)["predictions"]
    assert [(repr(p["score"]), p["predicted_label"]) for p in predictions] == [(repr(float(s)), l) for s, l in expected[:2]]
    lines = "\n".join(json.dumps(typed(row)) for row in rows[2:5]) + "\n"
    status, headers, body = server.invoke(lines, "application/jsonlines", "application/jsonlines")
    assert status == 200 and headers["content-type"] == "application/jsonlines"
    answers = [json.loads(line) for line in body.decode().splitlines()]
    assert [(repr(a["score"]), a["predicted_label"]) for a in answers] == [(repr(float(s)), l) for s, l in expected[2:5]]
    # Accept decides the answer's format whatever the request's.
    status, headers, body = server.invoke(csv_body(rows[:1]), "text/csv", "application/json")
    assert json.loads(body)["predictions"][0]["predicted_label"] == expected[0][1]


def test_sagemaker_common_format_rows_are_positional_features(server, trained):
    _, _, rows, expected = trained
    # SageMaker's common request format for its built-in algorithms: dense `features` in the model's column order.
    dense = [{"features": [typed(row)[name] for name in FEATURES]} for row in rows[:3]]
    status, _, body = server.invoke(json.dumps({"instances": dense}), "application/json", "application/json")
    assert status == 200, body
    assert [p["predicted_label"] for p in json.loads(body)["predictions"]] == [label for _, label in expected[:3]]
    lines = "\n".join(json.dumps(item) for item in dense) + "\n"
    status, _, body = server.invoke(lines, "application/jsonlines", "text/csv")
    assert status == 200 and body.decode().splitlines() == [f"{score},{label}" for score, label in expected[:3]]


def test_an_empty_body_head_ping_and_wrong_methods_answer_as_a_sagemaker_container(server):
    status, _, body = server.invoke(b"")
    assert status == 204 and body == b""
    status, headers, body = server.request("HEAD", "/ping")
    assert status == 200 and body == b""
    for method, path, allowed in [("GET", "/invocations", "POST"), ("PUT", "/invocations", "POST"), ("POST", "/ping", "GET, HEAD"),
                                  ("DELETE", "/metrics", "GET")]:
        status, headers, body = server.request(method, path)
        assert status == 405 and headers["allow"] == allowed, (method, path)
        assert "takes" in json.loads(body)["error"]
    assert server.request("GET", "/nowhere")[0] == 404


def test_a_missing_column_and_unseen_values_are_scored_with_a_warning_and_counted(server, trained):
    _, _, rows, _ = trained
    instances = [{k: v for k, v in typed(row).items() if k != "tenure"} for row in rows[:3]]
    instances[0]["contract"] = "Ten year"
    status, headers, body = server.invoke(json.dumps({"instances": instances}), "application/json", "application/json")
    assert status == 200 and len(json.loads(body)["predictions"]) == 3
    assert headers["x-sluice-warning"] == "columns missing from every row: tenure; 1 value not seen in training: contract (1)"
    assert "x-sluice-warning" not in server.invoke(csv_body(rows[:1]))[1]
    metrics = server.request("GET", "/metrics")[2].decode()
    assert 'sluice_missing_column_requests_total{endpoint="churn",column="tenure"} 1' in metrics
    assert 'sluice_unseen_category_values_total{endpoint="churn",column="contract"} 1' in metrics


def test_malformed_rows_are_400_naming_row_and_column(server, trained):
    _, _, rows, _ = trained
    bad = csv_body(rows[:3]).splitlines()
    fields = bad[2].split(",")
    fields[FEATURES.index("tenure")] = "forty"
    bad[2] = ",".join(fields)
    status, headers, body = server.invoke("\n".join(bad))
    assert status == 400 and headers["content-type"] == "application/json"
    assert json.loads(body) == {"error": 'row 3, column `tenure`: "forty" is not a number', "row": 3, "column": "tenure"}
    status, _, body = server.invoke("1,2,3")
    assert status == 400 and json.loads(body)["row"] == 1
    status, _, body = server.invoke('{"instances": [{"tenure": "x"}]}', "application/json")
    assert status == 400 and json.loads(body)["column"] == "tenure"
    status, _, body = server.invoke('{"instances": [', "application/json")
    assert status == 400 and "not valid JSON" in json.loads(body)["error"]


def test_unknown_types_unacceptable_accept_and_large_bodies(server, trained):
    _, _, rows, _ = trained
    assert server.invoke(csv_body(rows[:1]), "application/xml")[0] == 415
    status, _, body = server.invoke(csv_body(rows[:1]), "text/csv", "image/png")
    assert status == 406 and "cannot answer" in json.loads(body)["error"]
    status, _, body = server.invoke(b"1" * (6 * 1024 * 1024 + 1))
    assert status == 413
    # Exactly 6 MiB is allowed: it is scored (or rejected for its content, not its size).
    assert server.invoke(b"1" * (6 * 1024 * 1024))[0] == 400


def test_garbage_never_crashes_the_endpoint(server):
    generator = random.Random(7)
    for _ in range(200):
        body = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 300)))
        content_type = generator.choice(["text/csv", "application/json", "application/jsonlines"])
        status, _, _ = server.invoke(body, content_type)
        assert status == 400
    assert server.request("GET", "/ping")[0] == 200


def test_a_token_is_required_when_set(trained):
    _, store, rows, _ = trained
    running = Server(store, "--token", "s3cret")
    try:
        status, headers, body = running.invoke(csv_body(rows[:1]))
        assert status == 401 and headers["www-authenticate"] == "Bearer"
        assert running.invoke(csv_body(rows[:1]), headers={"Authorization": "Bearer wrong"})[0] == 401
        assert running.invoke(csv_body(rows[:1]), headers={"Authorization": "Bearer s3cret"})[0] == 200
        # The scheme is case-insensitive; the token is not.
        assert running.invoke(csv_body(rows[:1]), headers={"Authorization": "bearer s3cret"})[0] == 200
        assert running.invoke(csv_body(rows[:1]), headers={"Authorization": "BEARER s3cret"})[0] == 200
        assert running.invoke(csv_body(rows[:1]), headers={"Authorization": "Bearer S3CRET"})[0] == 401
        assert running.request("GET", "/metrics")[0] == 401
        assert running.request("GET", "/metrics", headers={"Authorization": "Bearer s3cret"})[0] == 200
        assert running.request("GET", "/ping")[0] == 200
    finally:
        running.stop()
    from_environment = Server(store, env={"SLUICE_ENDPOINT_TOKEN": "from-env"})
    try:
        assert from_environment.invoke(csv_body(rows[:1]))[0] == 401
        assert from_environment.invoke(csv_body(rows[:1]), headers={"Authorization": "Bearer from-env"})[0] == 200
    finally:
        from_environment.stop()


def parse_metrics(text):
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_metrics_count_what_happened(server, trained):
    _, _, rows, _ = trained
    for _ in range(3):
        assert server.invoke(csv_body(rows[:2]))[0] == 200
    assert server.invoke("x", "text/plain")[0] == 415
    assert server.invoke("nope")[0] == 400
    status, headers, body = server.request("GET", "/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = parse_metrics(body.decode())
    label = 'endpoint="churn"'
    assert samples[f'sluice_invocations_total{{{label},status="200"}}'] == 3
    assert samples[f'sluice_invocation_errors_total{{{label},status="415"}}'] == 1
    assert samples[f'sluice_invocation_errors_total{{{label},status="400"}}'] == 1
    assert samples[f'sluice_invocation_rows_total{{{label}}}'] == 6
    assert samples[f'sluice_invocation_duration_seconds_count{{{label}}}'] == 5
    assert samples[f'sluice_invocation_duration_seconds_bucket{{{label},le="+Inf"}}'] == 5
    assert samples[f'sluice_model_info{{{label},model="churn",version="1",algorithm="xgboost"}}'] == 1


def test_capture_writes_sagemaker_records_by_hour(trained):
    _, store, rows, expected = trained
    running = Server(store, "--capture-percent", "100", "--name", "captured")
    try:
        for index in range(4):
            assert running.invoke(csv_body(rows[index:index + 1]))[0] == 200
        # The media type is case-insensitive: the record still says CSV.
        assert running.invoke(csv_body(rows[4:5]), "TEXT/CSV; charset=utf-8")[0] == 200
        assert running.invoke("bad")[0] == 400
    finally:
        running.stop()
    files = sorted((store / "capture" / "captured" / "AllTraffic").glob("*/*/*/*/*.jsonl"))
    assert len(files) == 1
    year, month, day, hour = files[0].parts[-5:-1]
    assert len(year) == 4 and len(month) == len(day) == len(hour) == 2
    # Named as SageMaker names capture files: minute, second and millisecond of the first record, then a UUID.
    import re
    assert re.fullmatch(r"\d\d-\d\d-\d\d\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl", files[0].name), files[0].name
    records = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert len(records) == 5  # failed requests are not captured
    first = records[0]
    assert first["eventVersion"] == "0"
    assert first["captureData"]["endpointInput"] == {
        "observedContentType": "text/csv", "mode": "INPUT", "data": csv_body(rows[:1]), "encoding": "CSV"}
    assert first["captureData"]["endpointOutput"]["data"] == f"{expected[0][0]},{expected[0][1]}\n"
    assert first["eventMetadata"]["inferenceTime"].startswith(f"{year}-{month}-{day}T{hour}:")
    assert records[4]["captureData"]["endpointInput"]["encoding"] == "CSV"
    assert records[4]["captureData"]["endpointInput"]["observedContentType"] == "TEXT/CSV; charset=utf-8"
    minute, second = first["eventMetadata"]["inferenceTime"][14:16], first["eventMetadata"]["inferenceTime"][17:19]
    assert files[0].name.startswith(f"{minute}-{second}-")


def test_sighup_reloads_the_latest_version_without_failing_requests(trained):
    folder, store, rows, _ = trained
    running = Server(store)
    seen, failures = set(), []
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            status, headers, _ = running.invoke(csv_body(rows[:5]))
            if status != 200:
                failures.append(status)
            seen.add(headers.get("x-sluice-model"))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        run_script('save (load model "churn") as "churn"\n', folder, store)
        running.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while json.loads(running.request("GET", "/ping")[2])["version"] != 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        running.stop()
    assert failures == []
    assert {"churn/v1", "churn/v2"} <= seen


def test_sigterm_finishes_the_request_in_flight(trained):
    _, store, rows, expected = trained
    running = Server(store)
    body = csv_body(rows[:50]).encode()
    connection = socket.create_connection(("127.0.0.1", running.port))
    connection.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                       + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:100])
    time.sleep(0.3)
    running.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert running.process.poll() is None, "the endpoint quit with a request in flight"
    connection.sendall(body[100:])
    answer = b""
    while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < len("".join(f"{s},{l}\n" for s, l in expected[:50])):
        chunk = connection.recv(65536)
        if not chunk:
            break
        answer += chunk
    connection.close()
    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.split(b"\r\n\r\n", 1)[1].decode().splitlines() == [f"{s},{l}" for s, l in expected[:50]]
    assert running.process.wait(timeout=20) == 0
    running.stop()
