"""The kernel's wire protocol, driven through jupyter_client and raw ZeroMQ
against the real sluice-kernel binary."""
import html
import json
import os
import re
import signal
import time

import pytest
import zmq
from jupyter_client.session import Session

from conftest import KERNEL_BIN, KernelProcess, telco_path


def test_kernel_info_describes_sluice(kernel):
    reply = kernel.client.kernel_info(reply=True, timeout=10)
    content = reply["content"]
    assert content["status"] == "ok"
    assert content["protocol_version"] == "5.4"
    assert content["implementation"] == "sluice"
    assert content["language_info"]["name"] == "sluice"
    assert content["language_info"]["file_extension"] == ".sluice"
    assert content["language_info"]["mimetype"] == "text/x-sluice"
    assert content["language_info"]["pygments_lexer"] == "sluice"
    assert content["language_info"]["codemirror_mode"] == "python"


def test_execute_load_gives_html_table_in_protocol_order(kernel):
    reply, iopub = kernel.execute(f'let churn = load "{telco_path()}"\nchurn')
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 1
    types = [m["msg_type"] for m in iopub]
    assert types == ["status", "execute_input", "execute_result", "status"]
    assert iopub[0]["content"]["execution_state"] == "busy"
    assert iopub[1]["content"]["execution_count"] == 1
    result = iopub[2]["content"]
    assert result["execution_count"] == 1
    table_html = result["data"]["text/html"]
    assert "<table>" in table_html
    assert "7,043 rows × 20 columns (first 10 shown)" in table_html
    assert "<th>total_charges</th>" in table_html
    assert "<td>Month-to-month</td>" in table_html
    assert "7,043 rows × 20 columns" in result["data"]["text/plain"]


def test_describe_is_display_data_with_svg_histograms(kernel):
    reply, iopub = kernel.execute(f'describe load "{telco_path()}" | select [tenure, contract]')
    assert reply["content"]["status"] == "ok"
    displays = [m for m in iopub if m["msg_type"] == "display_data"]
    assert len(displays) == 1
    data = displays[0]["content"]["data"]
    assert data["text/html"].count("<svg") == 2
    assert "Month-to-month 3,875 (55%)" in data["text/html"]
    tenure = next(line for line in data["text/plain"].splitlines() if line.startswith("tenure"))
    # Values as pandas' describe() gives them for this column.
    assert tenure.split()[:12] == ["tenure", "integer", "7,043", "0", "73", "32.3711", "24.5595", "0", "9", "29", "55", "72"]
    assert not [m for m in iopub if m["msg_type"] == "execute_result"]


def test_skipped_records_warn_on_stderr(kernel, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3\n4,5\n")
    reply, iopub = kernel.execute(f'load "{path}" {{ on_error = "skip" }}')
    assert reply["content"]["status"] == "ok"
    streams = [m["content"] for m in iopub if m["msg_type"] == "stream"]
    assert streams == [{"name": "stderr", "text": f'warning: skipped 1 malformed record in "{path}"; the first, '
                                                  'at line 3, column 2: expected 2 fields, found 1\n'}]


def test_training_shows_live_progress_and_the_store_keeps_versions(tmp_path, monkeypatch):
    monkeypatch.setenv("SLUICE_HOME", str(tmp_path / "store"))
    process = KernelProcess(tmp_path)
    try:
        reply, iopub = process.execute(
            f'let churn = load "{telco_path()}"\n'
            'let m = train xgboost on churn predicting churn { rounds = 40, max_depth = 3 }\n'
            'save m as "churn"\nsave m as "churn"\nm')
        assert reply["content"]["status"] == "ok", reply["content"]
        # Progress is drawn on stdout as a terminal draws it: each frame starts with a carriage return.
        frames = [m["content"]["text"] for m in iopub if m["msg_type"] == "stream" and m["content"]["text"].startswith("\r")]
        assert frames[-1].startswith("\r[####################] 40/40 ") and frames[-1].endswith("\n")
        assert all(not frame.endswith("\n") for frame in frames[:-1])
        assert not any(m["msg_type"] == "update_display_data" for m in iopub)
        streams = "".join(m["content"]["text"] for m in iopub if m["msg_type"] == "stream")
        # What nbclient keeps of the stream (it drops what a carriage return overwrites): the last frame.
        kept = re.sub(r".*\r(?=[^\n])", "", streams)
        assert kept.splitlines()[0].strip().startswith("[####################] 40/40 ")
        assert f"saved churn v1 in {tmp_path / 'store'}" in streams and "saved churn v2" in streams
        # The model's card, then its training curve as a chart of its own (the cell's result).
        shown = [m for m in iopub if m["msg_type"] in ("display_data", "execute_result")]
        assert [m["msg_type"] for m in shown] == ["display_data", "execute_result"]
        card, curve = (m["content"]["data"] for m in shown)
        assert card["text/plain"].startswith("xgboost model · binary classification of churn (positive: Yes)")
        assert "training logloss" in curve["image/svg+xml"] and curve["application/vnd.vegalite.v5+json"]["$schema"]

        reply, iopub = process.execute('models')
        listing = next(m for m in iopub if m["msg_type"] == "display_data")["content"]["data"]["text/plain"]
        assert [line.split()[:2] for line in listing.splitlines()[3:5]] == [["churn", "1"], ["churn", "2"]]
        reply, iopub = process.execute('load model "churn" version 1 | take 1')
        assert reply["content"]["status"] == "error"  # a model is not a table
        reply, iopub = process.execute('churn | predict (load model "churn") | select [score] | take 1')
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        process.close()


def test_evaluate_shows_metrics_then_roc_pr_and_confusion_charts(kernel):
    reply, iopub = kernel.execute(
        f'let raw = load "{telco_path()}"\nlet tr, te = raw | split 80% stratify churn seed 42\n'
        'let m = train xgboost on tr predicting churn { rounds = 30, max_depth = 3 }\nevaluate m on te threshold 0.4')
    assert reply["content"]["status"] == "ok", reply["content"]
    # The metrics, then each chart, in order; the last is the cell's result.
    shown = [m for m in iopub if m["msg_type"] in ("display_data", "execute_result")]
    assert [m["msg_type"] for m in shown] == ["display_data"] * 3 + ["execute_result"]
    metrics, roc, pr, confusion = (m["content"]["data"] for m in shown)
    html, text = metrics["text/html"], metrics["text/plain"]
    assert text.startswith("binary classification · 1,409 rows · positive: Yes · threshold 0.4")
    for metric in ("accuracy", "precision", "recall", "f1", "auc", "logloss", "average precision"):
        assert metric in text and metric in html
    assert "ROC (AUC" in roc["image/svg+xml"] and "true positive rate" in roc["image/svg+xml"] and "PR (AP" in pr["image/svg+xml"]
    assert "predicted" in confusion["image/svg+xml"]
    # Each chart is well-formed SVG, and a Vega-Lite specification JupyterLab draws itself.
    import xml.etree.ElementTree as ElementTree
    for chart in (roc, pr, confusion):
        ElementTree.fromstring(chart["image/svg+xml"])
        assert chart["application/vnd.vegalite.v5+json"]["$schema"].endswith("vega-lite/v5.json")


def test_tune_shows_live_progress_a_trials_table_and_a_convergence_plot(kernel):
    reply, iopub = kernel.execute(
        f'let raw = load "{telco_path()}"\n'
        'let best = tune xgboost on raw predicting churn {\n'
        '  search hyperband, trials 9, parallel 2, seed 3\n'
        '  eta in log 0.05..0.3, max_depth in 2..5, rounds = 27\n'
        '}\nbest', timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    frames = [m["content"]["text"] for m in iopub if m["msg_type"] == "stream" and "trial" in m["content"]["text"]]
    done = [int(re.search(r"\] (\d+)/9 ", frame).group(1)) for frame in frames]
    assert len(frames) >= 9 and done == sorted(done) and done[-1] == 9
    assert all(frame.startswith("\r") for frame in frames) and frames[-1].endswith("\n")
    result = next(m for m in iopub if m["msg_type"] == "display_data")["content"]["data"]
    chart = next(m for m in iopub if m["msg_type"] == "execute_result")["content"]["data"]
    text, page = result["text/plain"], result["text/html"]
    assert text.startswith("tuning xgboost · 9 trials (")
    assert "hyperband search · maximize auc on a 20% hold-out" in text.splitlines()[0]
    assert "stopped at " in text and "sluice-tuning" in page
    assert text.splitlines()[2].startswith("convergence: ")
    rows = [line.split() for line in text.splitlines()[4:]]
    assert sorted(int(row[0]) for row in rows) == list(range(1, 10))
    import xml.etree.ElementTree as ElementTree
    ElementTree.fromstring(chart["image/svg+xml"])
    assert "best so far" in chart["image/svg+xml"] and chart["application/vnd.vegalite.v5+json"]["$schema"]
    assert ">trial<" in chart["image/svg+xml"] and ">auc<" in chart["image/svg+xml"]


def test_complete_request_uses_the_session_and_counts_code_points(kernel):
    kernel.execute(f'let churn = load "{telco_path()}"')
    code = 'print "🙂"\nchurn | filter monthly_charges > 3 and ten'
    kernel.client.complete(code, len(code))
    reply = kernel.client.get_shell_msg(timeout=10)
    assert reply["msg_type"] == "complete_reply"
    content = reply["content"]
    assert content["status"] == "ok" and content["matches"] == ["tenure"]
    assert (content["cursor_start"], content["cursor_end"]) == (len(code) - 3, len(code))  # Python counts code points


def test_inspect_request_shows_a_bound_value_or_the_help_of_a_keyword(kernel):
    kernel.execute("let answer = 42")
    def inspect(code, cursor):
        kernel.client.inspect(code, cursor)
        reply = kernel.client.get_shell_msg(timeout=10)
        assert reply["msg_type"] == "inspect_reply" and reply["content"]["status"] == "ok"
        return reply["content"]
    assert inspect("print answer + 1", 8)["data"]["text/plain"] == "answer: 42"
    help_text = inspect("let m = train xgboost on t predicting y", 17)["data"]
    assert help_text["text/plain"].startswith("train xgboost on TABLE predicting col")
    assert "max_depth (6)" in help_text["text/plain"] and "<pre" in help_text["text/html"]
    assert inspect("let zzz = 1", 6) == {"status": "ok", "found": False, "data": {}, "metadata": {}}


def test_history_persists_across_kernel_restarts(tmp_path):
    history_file = tmp_path / "history.jsonl"
    def history(process, **request):
        process.client.history(raw=True, output=False, **request)
        reply = process.client.get_shell_msg(timeout=10)
        assert reply["msg_type"] == "history_reply" and reply["content"]["status"] == "ok"
        return reply["content"]["history"]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = KernelProcess(tmp_path / "one", env={"SLUICE_KERNEL_HISTORY": str(history_file)})
    try:
        first.execute("1 + 1")
        first.execute("let x = 2")
        first.execute("x * 10", store_history=False)   # not stored
    finally:
        first.close()
    second = KernelProcess(tmp_path / "two", env={"SLUICE_KERNEL_HISTORY": str(history_file)})
    try:
        second.execute("40 + 2")
        assert history(second, hist_access_type="tail", n=3) == [[1, 1, "1 + 1"], [1, 2, "let x = 2"], [2, 1, "40 + 2"]]
        assert history(second, hist_access_type="range", session=-1, start=1, stop=2) == [[1, 1, "1 + 1"]]
        assert history(second, hist_access_type="range", session=0, start=1) == [[2, 1, "40 + 2"]]
        second.execute("1 + 1")
        assert history(second, hist_access_type="search", pattern="1 + *") == [[1, 1, "1 + 1"], [2, 2, "1 + 1"]]
        assert history(second, hist_access_type="search", pattern="1 + *", unique=True) == [[2, 2, "1 + 1"]]
        assert history(second, hist_access_type="search", pattern="*", n=1) == [[2, 2, "1 + 1"]]
    finally:
        second.close()


def test_help_opens_the_pager_and_clear_clears_the_output(kernel):
    reply, iopub = kernel.execute("help filter")
    payload = reply["content"]["payload"]
    assert len(payload) == 1 and payload[0]["source"] == "page" and payload[0]["start"] == 0
    assert payload[0]["data"]["text/plain"].startswith("TABLE | filter COND")
    assert not [m for m in iopub if m["msg_type"] == "display_data"]
    reply, iopub = kernel.execute('print "soon gone"\nclear\nprint "stays"')
    kinds = [m["msg_type"] for m in iopub if m["msg_type"] in ("stream", "clear_output")]
    assert kinds == ["stream", "clear_output", "stream"]
    assert next(m for m in iopub if m["msg_type"] == "clear_output")["content"] == {"wait": False}


def test_stop_on_error_aborts_the_executions_queued_behind_an_error(kernel):
    def replies(codes, **options):
        # A slow first cell keeps the others queued behind it.
        ids = [kernel.client.execute(code, **(options if index == 0 else {})) for index, code in enumerate(codes)]
        got = {}
        while len(got) < len(ids):
            reply = kernel.client.get_shell_msg(timeout=60)
            got[reply["parent_header"]["msg_id"]] = reply["content"]
        return [got[i] for i in ids]
    slow_error = f'let t = load "{telco_path()}"\nlet m = train xgboost on t predicting churn {{ rounds = 10 }}\nload "no-such-file.csv"'
    first, second, third = replies([slow_error, "1 + 1", "2 + 2"])
    assert first["status"] == "error"
    assert second["status"] == "aborted" and third["status"] == "aborted"
    assert kernel.execute("3 + 3")[0]["content"]["status"] == "ok"    # later requests run again
    first, second, third = replies([slow_error, "1 + 1", "2 + 2"], stop_on_error=False)
    assert first["status"] == "error" and second["status"] == "ok" and third["status"] == "ok"


def test_comm_info_request_lists_no_comms(kernel):
    kernel.client.comm_info()
    reply = kernel.client.get_shell_msg(timeout=10)
    assert reply["msg_type"] == "comm_info_reply"
    assert reply["content"] == {"status": "ok", "comms": {}}


def test_input_asks_the_front_end_on_stdin_when_allowed(kernel):
    msg_id = kernel.client.execute('let name = input("model name: ")\n"saved as " + name', allow_stdin=True)
    request = kernel.client.get_stdin_msg(timeout=10)
    assert request["msg_type"] == "input_request"
    assert request["content"] == {"prompt": "model name: ", "password": False}
    assert request["parent_header"]["msg_id"] == msg_id
    kernel.client.input("churn-v2")
    reply = kernel.client.get_shell_msg(timeout=10)
    assert reply["content"]["status"] == "ok"
    result = next(m for m in kernel.iopub_for(msg_id) if m["msg_type"] == "execute_result")
    assert result["content"]["data"]["text/plain"] == '"saved as churn-v2"'
    reply, _ = kernel.execute('input("name: ")', allow_stdin=False)
    assert reply["content"]["evalue"] == "this front end cannot ask for input"


def test_html_output_is_escaped(kernel, tmp_path):
    path = tmp_path / "markup.csv"
    path.write_text('name,score\n"<b>bold</b> & co",1\n"x<y",2\n')
    reply, iopub = kernel.execute(f'load "{path}"')
    table_html = next(m for m in iopub if m["msg_type"] == "execute_result")["content"]["data"]["text/html"]
    assert html.escape("<b>bold</b> & co") in table_html
    assert "<b>bold</b>" not in table_html
    assert "x&lt;y" in table_html


def test_error_reply_carries_name_value_and_rendered_traceback(kernel):
    kernel.execute("let churn = 1")
    reply, iopub = kernel.execute("chrn + 1")
    content = reply["content"]
    assert content["status"] == "error"
    assert content["ename"] == "NameError"
    assert content["evalue"] == "unknown name `chrn`"
    # The traceback is the rendered diagnostic, coloured with ANSI escapes for the front end.
    assert "\x1b[1;31merror\x1b[0m" in content["traceback"][0]
    assert [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in content["traceback"]] == [
        "error: unknown name `chrn`",
        " --> cell 2, line 1:1",
        "  |",
        "1 | chrn + 1",
        "  | ^^^^ not bound",
        "  = help: did you mean `churn`?",
    ]
    errors = [m for m in iopub if m["msg_type"] == "error"]
    assert len(errors) == 1 and errors[0]["content"]["ename"] == "NameError"


def test_execution_count_follows_store_history_and_silent(kernel):
    assert kernel.execute("1")[0]["content"]["execution_count"] == 1
    assert kernel.execute("2", store_history=False)[0]["content"]["execution_count"] == 1
    reply, iopub = kernel.execute("3", silent=True)
    assert reply["content"]["execution_count"] == 1
    assert [m["msg_type"] for m in iopub] == ["status", "status"]
    assert kernel.execute("4")[0]["content"]["execution_count"] == 2


def test_stdout_and_stderr_streams(kernel):
    reply, iopub = kernel.execute('print "to out"\nprint "to err" to stderr')
    streams = [(m["content"]["name"], m["content"]["text"]) for m in iopub if m["msg_type"] == "stream"]
    assert streams == [("stdout", "to out\n"), ("stderr", "to err\n")]


def test_is_complete(kernel):
    def status(code):
        kernel.client.is_complete(code)
        return kernel.client.get_shell_msg(timeout=10)["content"]["status"]

    assert status('let t = load "x.csv"') == "complete"
    assert status('let t = load "x.csv" |') == "incomplete"
    assert status("let t = [1, 2") == "incomplete"
    assert status("let t = [1, 2)") == "invalid"


def raw_shell_socket(kernel):
    context = zmq.Context.instance()
    socket = context.socket(zmq.DEALER)
    socket.linger = 0
    socket.connect(f"tcp://{kernel.info['ip']}:{kernel.info['shell_port']}")
    return socket


def test_message_with_bad_signature_is_dropped_and_logged(kernel):
    forged = Session(key=b"not-the-kernel-key")
    socket = raw_shell_socket(kernel)
    forged.send(socket, "execute_request", {"code": 'print "should never run"', "silent": False})
    assert socket.poll(1500) == 0, "the kernel answered a message with a bad signature"
    genuine = Session(key=kernel.info["key"].encode())
    genuine.send(socket, "kernel_info_request", {})
    assert socket.poll(5000) != 0, "the kernel stopped answering after a bad signature"
    _, reply = genuine.feed_identities(socket.recv_multipart())
    assert genuine.deserialize(reply)["msg_type"] == "kernel_info_reply"
    assert kernel.client.is_alive()
    assert "signature does not match" in kernel.stderr_text()
    socket.close()


def test_heartbeat_echoes(kernel):
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.linger = 0
    socket.connect(f"tcp://{kernel.info['ip']}:{kernel.info['hb_port']}")
    socket.send(b"ping-1234")
    assert socket.poll(5000) != 0
    assert socket.recv() == b"ping-1234"
    socket.close()


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """A CSV large enough that loading it takes seconds, to interrupt."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    row = "1,2.5,abc,4\n"
    with open(path, "w") as f:
        f.write("a,b,c,d\n")
        for _ in range(100):
            f.write(row * 40_000)
    return path


def start_long_load(kernel, path):
    msg_id = kernel.client.execute(f'let big = load "{path}"')
    # Wait until the kernel reports it is busy with this request.
    while True:
        message = kernel.client.get_iopub_msg(timeout=10)
        if message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "execute_input":
            return msg_id


def assert_interrupted_and_alive(kernel, msg_id, started):
    reply = kernel.client.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    assert time.monotonic() - started < 10
    # The session survived: values bound before are still there.
    reply, iopub = kernel.execute("kept + 1")
    assert reply["content"]["status"] == "ok"
    result = next(m for m in iopub if m["msg_type"] == "execute_result")
    assert result["content"]["data"]["text/plain"] == "42"


def test_interrupt_request_stops_running_work(kernel, big_csv):
    kernel.execute("let kept = 41")
    msg_id = start_long_load(kernel, big_csv)
    time.sleep(0.3)
    started = time.monotonic()
    message = kernel.client.session.msg("interrupt_request", {})
    kernel.client.control_channel.send(message)
    control_reply = kernel.client.get_control_msg(timeout=10)
    assert control_reply["msg_type"] == "interrupt_reply"
    assert control_reply["content"]["status"] == "ok"
    assert_interrupted_and_alive(kernel, msg_id, started)


def test_sigint_interrupts_running_work_and_does_not_kill(kernel, big_csv):
    kernel.execute("let kept = 41")
    msg_id = start_long_load(kernel, big_csv)
    time.sleep(0.3)
    started = time.monotonic()
    kernel.process.send_signal(signal.SIGINT)
    assert_interrupted_and_alive(kernel, msg_id, started)
    kernel.process.send_signal(signal.SIGINT)  # while idle: must not kill either
    time.sleep(0.3)
    assert kernel.process.poll() is None
    assert kernel.execute("1")[0]["content"]["status"] == "ok"


def test_interrupt_stops_training_between_rounds(kernel):
    kernel.execute(f'let kept = 41\nlet churn = load "{telco_path()}"')
    msg_id = kernel.client.execute('let m = train xgboost on churn predicting churn { rounds = 1000000 }')
    while True:
        message = kernel.client.get_iopub_msg(timeout=10)
        if message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "execute_input":
            break
    time.sleep(0.5)
    started = time.monotonic()
    kernel.client.control_channel.send(kernel.client.session.msg("interrupt_request", {}))
    assert kernel.client.get_control_msg(timeout=10)["content"]["status"] == "ok"
    assert_interrupted_and_alive(kernel, msg_id, started)
    reply, _ = kernel.execute("m")
    assert reply["content"]["ename"] == "NameError"  # the interrupted training bound nothing


def test_shutdown_request_exits_with_code_zero(kernel):
    kernel.execute("1 + 1")
    message = kernel.client.session.msg("shutdown_request", {"restart": False})
    kernel.client.control_channel.send(message)
    reply = kernel.client.get_control_msg(timeout=10)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"] == {"status": "ok", "restart": False}
    assert kernel.process.wait(timeout=10) == 0


def test_unsigned_kernel_with_empty_key(tmp_path):
    process = KernelProcess(tmp_path, key=b"")
    try:
        reply, iopub = process.execute("2 * 21")
        assert reply["content"]["status"] == "ok"
        assert next(m for m in iopub if m["msg_type"] == "execute_result")["content"]["data"]["text/plain"] == "42"
    finally:
        process.close()


def test_bad_connection_file_is_a_clear_error(tmp_path):
    import subprocess

    path = tmp_path / "conn.json"
    path.write_text(json.dumps({"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4,
                                "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}))
    result = subprocess.run([str(KERNEL_BIN), "-f", str(path)], capture_output=True, text=True, timeout=10)
    assert result.returncode != 0
    assert "unsupported signature_scheme \"hmac-md5\"" in result.stderr
