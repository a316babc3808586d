"""The deployment statements end to end: the churn program of LANGUAGE.md deploys, invokes,
transforms and monitors from a script, the REPL and a notebook kernel; endpoints outlive the
process that deployed them; batch transform stays within its memory on a file far larger; and
`sluice monitor` exits non-zero on violations, for cron."""
import csv
import json
import os
import signal
import subprocess
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pexpect
import pytest

from conftest import DATA, SLUICE_BIN, KernelProcess
from serving import endpoint_records, run_script, stop_endpoints

CHURN = f"""
let raw = load "{DATA}/telco_churn.csv"
let train_set, test_set = raw | split 80% stratify churn seed 42
let prep = recipe | impute median [total_charges] | encode onehot [contract, payment_method, internet_service]
let best = train xgboost on train_set predicting churn using prep {{ rounds = 20, max_depth = 4 }}
"""


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "store"
    yield folder
    stop_endpoints(folder)


def ping(port):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/ping")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def test_churn_program_from_a_script_and_the_endpoint_outlives_it(tmp_path, store):
    result = run_script(CHURN + f"""
deploy best as "churn"
endpoints
invoke "churn" with test_set | take 5
let scored = invoke "churn" with test_set
let local = test_set | predict best
print (scored | take 3)
print (local | select [score, predicted_label] | take 3)
transform "{DATA}/telco_churn.csv" with best to "out/scored.csv" join input
monitor "churn" against best threshold 0.1
""", tmp_path, store)
    out = result.stdout
    assert 'deployed "churn": churn v1 at http://127.0.0.1:' in out
    assert "healthy" in out
    assert "5 rows × 2 columns" in out
    invoked, predicted = out.split("3 rows × 2 columns")[0:2]
    # The endpoint's answers over HTTP equal the engine's own predictions.
    assert invoked.strip().splitlines()[-3:] == predicted.strip().splitlines()[-3:]
    assert "transformed 7,043 rows of" in out
    assert "monitored 2,818 rows of \"churn\"'s captured traffic: no violations" in out  # test_set, invoked twice
    with open(tmp_path / "out" / "scored.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 7043 and list(rows[0])[-2:] == ["score", "predicted_label"]
    # The script has ended; its endpoint still answers, as the store records it.
    record = endpoint_records(store)["churn"]
    assert record["version"] == 1 and record["model"] == "churn"
    assert ping(record["port"]) == 200
    again = run_script('endpoints\nundeploy "churn"\nendpoints\n', tmp_path, store).stdout
    assert "healthy" in again and 'stopped "churn"' in again and "no endpoints are deployed" in again
    assert ping(record["port"]) is None
    assert endpoint_records(store) == {}
    reports = list((store / "monitoring" / "churn").glob("*/constraint_violations.json"))
    assert len(reports) == 1 and json.loads(reports[0].read_text()) == {"violations": []}
    assert (store / "models" / "churn" / "v1.statistics.json").is_file()
    constraints = json.loads((store / "models" / "churn" / "v1.constraints.json").read_text())
    assert constraints["monitoring_config"]["distribution_constraints"]["comparison_threshold"] == 0.1


def test_redeploying_replaces_the_model_in_place_and_errors_are_clear(tmp_path, store):
    first = run_script(CHURN + 'deploy best as "churn" port 0\n', tmp_path, store, check=False)
    assert first.returncode != 0 and "`port` must be between 1 and 65535" in first.stderr
    run_script(CHURN + 'deploy best as "churn"\n', tmp_path, store)
    port = endpoint_records(store)["churn"]["port"]
    result = run_script(CHURN + """
let other = train linear_learner on train_set predicting churn using prep
deploy other as "churn"
invoke "churn" with test_set | take 1
""", tmp_path, store)
    assert 'replaced the model of "churn": churn v2' in result.stdout
    assert endpoint_records(store)["churn"]["port"] == port
    missing = run_script(CHURN + 'invoke "churm" with test_set\n', tmp_path, store, check=False)
    assert missing.returncode != 0 and 'no endpoint "churm"' in missing.stderr and "did you mean" in missing.stderr
    taken = run_script(CHURN + f'deploy best as "second" port {port}\n', tmp_path, store, check=False)
    assert taken.returncode != 0 and f'port {port} is already in use by the endpoint "churn"' in taken.stderr
    quiet = run_script(CHURN + 'deploy best as "churn" capture 0%\n', tmp_path, store)
    assert 'deployed "churn"' in quiet.stdout  # another capture share: a new process on the same port
    record = endpoint_records(store)["churn"]
    assert record["capturePercent"] == 0 and record["port"] == port
    capture = store / "capture" / "churn"
    before = sorted(capture.rglob("*.jsonl"))
    run_script(CHURN + 'invoke "churn" with test_set | take 1\n', tmp_path, store)
    assert sorted(capture.rglob("*.jsonl")) == before and all(path.stat().st_size > 0 for path in before)
    # An endpoint whose process died (a reboot, a kill) shows as stopped and comes back on its port.
    os.kill(record["pid"], signal.SIGKILL)
    time.sleep(0.2)
    assert "stopped" in run_script("endpoints\n", tmp_path, store).stdout
    run_script(CHURN + 'deploy best as "churn" capture 0%\n', tmp_path, store)
    assert endpoint_records(store)["churn"]["port"] == port and ping(port) == 200
    gone = run_script('undeploy "nothing"\n', tmp_path, store, check=False)
    assert gone.returncode != 0 and 'no endpoint "nothing"' in gone.stderr
    run_script('undeploy "churn"\n', tmp_path, store)


def serve_processes(name):
    """The pids of the `sluice serve NAME` processes running now."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in arguments and name.encode() in arguments and entry.name.isdigit():
            found.append(int(entry.name))
    return found


def test_two_processes_deploying_one_name_at_once_leave_one_endpoint_that_endpoints_and_undeploy_see(tmp_path, store):
    script = tmp_path / "deploy.sluice"
    script.write_text(CHURN + 'deploy best as "twin"\n')
    environment = dict(os.environ, SLUICE_HOME=str(store))
    deployers = [subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=environment,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [(process.communicate(timeout=240), process.returncode) for process in deployers]
    assert all(code == 0 for _, code in outcomes), outcomes
    assert list(endpoint_records(store)) == ["twin"]
    assert serve_processes("twin") == [endpoint_records(store)["twin"]["pid"]]
    assert not list((store / "endpoints").glob(".*.ready"))
    # A reload by hand (a new version saved, then SIGHUP) shows in `endpoints`: the version served. (The two
    # deployments trained in different seconds may have stored two versions: the next is one more than the record's.)
    served = endpoint_records(store)["twin"]["version"]
    assert f"twin v{served}" in run_script("endpoints\n", tmp_path, store).stdout
    run_script(CHURN + 'let other = train linear_learner on train_set predicting churn using prep\nsave other as "twin"\n',
               tmp_path, store)
    os.kill(endpoint_records(store)["twin"]["pid"], signal.SIGHUP)
    reloaded = f"twin v{served + 1}"
    deadline = time.monotonic() + 30
    while reloaded not in run_script("endpoints\n", tmp_path, store).stdout and time.monotonic() < deadline:
        time.sleep(0.2)
    assert reloaded in run_script("endpoints\n", tmp_path, store).stdout
    assert endpoint_records(store)["twin"]["version"] == served  # the record is as deployed; endpoints asks the endpoint
    run_script('undeploy "twin"\n', tmp_path, store)
    assert serve_processes("twin") == [] and endpoint_records(store) == {}


def test_monitor_finds_injected_drift_missing_columns_and_new_categories(tmp_path, store):
    result = run_script(CHURN + """
let drifted = test_set | derive tenure = tenure * 2 + 10, contract = if(contract == "Two year", "Three year", contract) | select -[female]
monitor best on test_set
monitor best on drifted
""", tmp_path, store)
    clean, drifted = result.stdout.split("monitored 1,409 rows of the table: ")[1:]
    assert clean.startswith("no violations")
    assert drifted.startswith("4 violations")
    for expected in ["female    missing_column_check", "categorical_values_check  1 value not seen in training: \"Three year\"",
                     "tenure    baseline_drift_check", "contract  baseline_drift_check"]:
        assert expected in drifted


def test_sluice_monitor_exits_non_zero_on_violations(tmp_path, store):
    run_script(CHURN + 'save best as "churn"\nsave test_set to "fresh.csv"\n'
               'save (test_set | derive monthly_charges = monthly_charges * 3) to "drifted.csv"\n', tmp_path, store)
    def monitor(*arguments):
        return subprocess.run([str(SLUICE_BIN), "monitor", *arguments, "--store", str(store)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
    clean = monitor("--data", "fresh.csv", "--model", "churn")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no violations" in clean.stdout
    drifted = monitor("--data", "drifted.csv", "--model", "churn")
    assert drifted.returncode == 1
    assert "monthly_charges  baseline_drift_check" in drifted.stdout
    broken = monitor("--data", "fresh.csv", "--model", "nope")
    assert broken.returncode == 2 and 'no model "nope"' in broken.stderr
    assert monitor("nothing-captured", "--model", "churn").returncode == 2


def test_the_repl_deploys_invokes_and_undeploys(tmp_path, store):
    child = pexpect.spawn(str(SLUICE_BIN), cwd=str(tmp_path), encoding="utf-8", timeout=120, dimensions=(40, 200),
                          env={"SLUICE_HISTORY": str(tmp_path / "history"), "TERM": "dumb", "NO_COLOR": "1",
                               "SLUICE_HOME": str(store), "PATH": os.environ["PATH"]})
    child.expect_exact("sluice> ")
    for line in CHURN.strip().splitlines():
        child.sendline(line)
        child.expect_exact("sluice> ")
    child.sendline('deploy best as "repl"')
    child.expect_exact('deployed "repl": repl v1')
    child.sendline('invoke "repl" with test_set | take 2')
    child.expect_exact("2 rows × 2 columns")
    child.sendline('undeploy "repl"')
    child.expect_exact('stopped "repl"')
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_a_notebook_deploys_invokes_transforms_and_monitors(tmp_path, store):
    kernel = KernelProcess(tmp_path, env={"SLUICE_HOME": str(store)})
    try:
        reply, _ = kernel.execute(CHURN)
        assert reply["content"]["status"] == "ok"
        reply, messages = kernel.execute('deploy best as "notebook"')
        assert reply["content"]["status"] == "ok"
        assert any(m["msg_type"] == "stream" and 'deployed "notebook"' in m["content"]["text"] for m in messages)
        reply, messages = kernel.execute('invoke "notebook" with test_set | take 3')
        result = next(m for m in messages if m["msg_type"] == "execute_result")
        assert "<table" in result["content"]["data"]["text/html"] and "predicted_label" in result["content"]["data"]["text/html"]
        reply, messages = kernel.execute(f'transform "{DATA}/telco_churn.csv" with best to "{tmp_path}/scored.jsonl"'.replace(".jsonl", ".csv"))
        assert reply["content"]["status"] == "ok" and (tmp_path / "scored.csv").is_file()
        reply, messages = kernel.execute('monitor "notebook" against best\nmonitor best on (test_set | derive tenure = tenure + 40)')
        # Each monitoring run: its report, then its drift chart.
        displays = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
        assert len(displays) == 4
        assert "no violations" in displays[0]["text/plain"]
        assert "baseline_drift_check" in displays[2]["text/html"]
        ElementTree.fromstring(displays[3]["image/svg+xml"])
        assert ">tenure</text>" in displays[3]["image/svg+xml"] and 'fill="#d62728"' in displays[3]["image/svg+xml"]
    finally:
        kernel.close()
    # The kernel is gone; the endpoint it deployed is not.
    assert ping(endpoint_records(store)["notebook"]["port"]) == 200
    run_script('undeploy "notebook"\n', tmp_path, store)


def transform_peak_rss(tmp_path, store, copies):
    """Transforms `copies` copies of telco's rows; returns the file's size, its rows and the process's peak RSS."""
    source = (DATA / "telco_churn.csv").read_text().splitlines()
    big = tmp_path / f"big-{copies}.csv"
    with open(big, "w") as handle:
        handle.write(source[0] + "\n")
        for _ in range(copies):
            handle.write("\n".join(source[1:]) + "\n")
    rows = copies * (len(source) - 1)
    script = tmp_path / "transform.sluice"
    script.write_text(f'transform "{big}" with (load model "churn") to "{tmp_path}/big-out.csv" join input batch 5000\n')
    process = subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=dict(os.environ, SLUICE_HOME=str(store)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, process.stderr.read()
    assert f"transformed {rows:,} rows" in process.stdout.read()
    return big.stat().st_size, rows, usage.ru_maxrss * 1024


def test_batch_transform_memory_stays_bounded_on_a_far_larger_file(tmp_path, store):
    run_script(CHURN + 'save best as "churn"\n', tmp_path, store)
    _, _, baseline = transform_peak_rss(tmp_path, store, 1)
    _, _, smaller = transform_peak_rss(tmp_path, store, 20)
    size, rows, peak = transform_peak_rss(tmp_path, store, 100)
    # What the process holds beyond its start-up is a few batches, whatever the file's size:
    # a 78 MiB file takes no more than a 15 MiB one, and far less than itself.
    assert peak - smaller < 4 << 20, f"peak RSS {smaller >> 20} MiB → {peak >> 20} MiB"
    assert peak - baseline < size / 4, f"peak RSS {baseline >> 20} MiB → {peak >> 20} MiB for a {size >> 20} MiB file"
    source = (DATA / "telco_churn.csv").read_text().splitlines()
    with open(tmp_path / "big-out.csv") as handle:
        reader = csv.reader(handle)
        assert next(reader) == source[0].split(",") + ["score", "predicted_label"]
        lines = list(reader)
    assert len(lines) == rows
    # Input order is kept: the output's input columns are the file's rows, copy after copy.
    assert [line[:5] for line in lines[::7043 * 10]] == [source[1].split(",")[:5]] * 10
    assert [",".join(line[:-2]) for line in lines[7040:7046]] == [row for row in (source[-3:] + source[1:4])]


def test_an_interrupted_transform_leaves_no_output(tmp_path, store):
    run_script(CHURN + 'save best as "churn"\n', tmp_path, store)
    source = (DATA / "telco_churn.csv").read_text().splitlines()
    big = tmp_path / "big.csv"
    with open(big, "w") as handle:
        handle.write(source[0] + "\n")
        for _ in range(300):
            handle.write("\n".join(source[1:]) + "\n")
    script = tmp_path / "transform.sluice"
    script.write_text(f'transform "{big}" with (load model "churn") to "{tmp_path}/out/big-out.csv" batch 2000\n')
    process = subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=dict(os.environ, SLUICE_HOME=str(store)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out").glob(".big-out.csv.*.partial")):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "interrupted after" in err
    assert list((tmp_path / "out").iterdir()) == []


def test_invoking_multiclass_and_clustering_endpoints_matches_predict(tmp_path, store):
    result = run_script(f"""
let penguins = load "{DATA}/penguins.csv" | filter bill_length_mm is not null and sex is not null
let species = train xgboost on penguins predicting species {{ rounds = 10 }}
let groups = train kmeans on (penguins | select [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g]) {{ k = 3, seed = 1 }}
deploy species as "species"
deploy groups as "groups"
print (invoke "species" with penguins | take 4)
print (penguins | predict species | select [predicted_label, probability_Adelie, probability_Chinstrap, probability_Gentoo] | take 4)
print (invoke "groups" with penguins | take 4)
print (penguins | predict groups | select [closest_cluster, distance_to_cluster] | take 4)
undeploy "species"
undeploy "groups"
""", tmp_path, store)
    lines = result.stdout.splitlines()
    # Each printed table: its header, its kinds, a rule, then its rows.
    rules = [index for index, line in enumerate(lines) if line.startswith("─")]
    tables = [lines[index - 2:index + 5] for index in rules]
    def body(table):
        return [line.split() for line in [table[0]] + table[3:]]
    assert len(tables) == 4
    assert body(tables[0]) == body(tables[1])
    assert body(tables[2]) == body(tables[3])


def ping_version(port):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/ping")
        return json.loads(connection.getresponse().read())["version"]
    finally:
        connection.close()


def test_deploying_a_stored_name_serves_its_latest_approved_version_and_keeps_it(tmp_path, store):
    out = run_script(CHURN + """
save best as "churn"
let deeper = train xgboost on train_set predicting churn { rounds = 20, max_depth = 6 }
save deeper as "churn"
deploy "churn" as "unapproved"
approve "churn" version 1
deploy "churn"
let third = train xgboost on train_set predicting churn { rounds = 10 }
save third as "churn"
""", tmp_path, store).stdout
    assert 'deployed "unapproved": churn v2 at http://127.0.0.1:' in out and "— no version is approved: the latest, pending" in out
    assert 'deployed "churn": churn v1 at http://127.0.0.1:' in out and "— the latest approved version (v2 is pending)" in out
    records = endpoint_records(store)
    assert records["churn"]["version"] == 1 and records["churn"]["pinned"] is True
    # A version saved later does not move an endpoint deployed by name: it serves v1 until deployed again.
    assert ping_version(records["churn"]["port"]) == 1 and ping_version(records["unapproved"]["port"]) == 2
    again = run_script('approve "churn" version 3\ndeploy "churn"\nreject "churn" version 3\ndeploy "churn"\n', tmp_path, store).stdout
    assert again.count('deployed "churn": churn v') == 2, again
    assert "churn v3" in again and "— the latest version, approved" in again
    assert 'deployed "churn": churn v1' in again.split("rejected")[1], again
    assert ping_version(endpoint_records(store)["churn"]["port"]) == 1
    # A model deployed by value follows the latest version again.
    final = run_script(CHURN + 'deploy best as "churn"\nprint (invoke "churn" with (test_set | select -[tenure] | take 3))\n',
                       tmp_path, store)
    record = endpoint_records(store)["churn"]
    assert record["pinned"] is False and ping_version(record["port"]) == record["version"], final.stdout
    # Rows without a column the model reads are still scored, and `invoke` says what the endpoint filled in.
    assert "3 rows × 2 columns" in final.stdout
    assert 'warning: "churn" scored the rows, but: columns missing from every row: tenure' in final.stderr


def test_format_sagemaker_answers_as_the_built_in_containers_and_invoke_still_reads_its_own(tmp_path, store):
    import http.client
    out = run_script(CHURN + 'deploy best as "sm" format sagemaker\nprint (invoke "sm" with (test_set | take 3))\n'
                     'print (test_set | predict best | select [score] | take 3)\n', tmp_path, store).stdout
    record = endpoint_records(store)["sm"]
    assert record["answers"] == "sagemaker"
    # `invoke` asks for Sluice's answers (X-Sluice-Answers: sluice) and gets every prediction column.
    assert "3 rows × 2 columns" in out, out
    with open(DATA / "telco_churn.csv") as handle:
        rows = list(csv.reader(handle))[1:4]
    body = "\n".join(",".join(row[1:]) for row in rows)
    connection = http.client.HTTPConnection("127.0.0.1", record["port"], timeout=10)
    connection.request("POST", "/invocations", body=body, headers={"Content-Type": "text/csv"})
    answer = connection.getresponse().read().decode().splitlines()
    # As SageMaker's XGBoost container: one probability per line, nothing else.
    assert len(answer) == 3 and all(0 <= float(line) <= 1 and "," not in line for line in answer), answer
    connection.request("POST", "/invocations", body=body, headers={"Content-Type": "text/csv", "X-Sluice-Answers": "sluice"})
    rich = connection.getresponse().read().decode().splitlines()
    connection.close()
    assert [line.split(",")[0] for line in rich] == answer and all(line.split(",")[1] in ("Yes", "No") for line in rich)
