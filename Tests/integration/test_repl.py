"""The sluice REPL on a real pseudo-terminal, piped scripts, and `sluice run`."""
import re
import subprocess

import pexpect

from conftest import ROOT, SLUICE_BIN, telco_path

PROMPT = "sluice> "
CONTINUATION = r"    \.\.\. "


def spawn(tmp_path, color=False):
    history = tmp_path / "history"
    env = {"SLUICE_HISTORY": str(history), "TERM": "dumb"}
    if not color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(str(SLUICE_BIN), cwd=str(ROOT), env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.expect_exact(PROMPT)
    return child, history


def test_interactive_multiline_entry_history_and_exit(tmp_path):
    child, history = spawn(tmp_path)
    child.sendline(f'let churn = load "{telco_path()}"')
    child.expect_exact(PROMPT)
    child.sendline("churn | select [churn,")
    child.expect(CONTINUATION)
    child.sendline("  tenure] | take 2")
    child.expect_exact("2 rows × 2 columns")
    child.expect_exact(PROMPT)
    child.sendline("chrn")
    child.expect_exact("error: unknown name `chrn`")
    child.expect_exact("did you mean")
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert history.read_text().splitlines() == [f'let churn = load "{telco_path()}"', "churn | select [churn,",
                                                "  tenure] | take 2", "chrn"]


def test_history_recall_and_line_editing(tmp_path):
    child, history = spawn(tmp_path)
    child.sendline("40 + 2")
    child.expect_exact("42")
    child.expect_exact(PROMPT)
    child.send("\x1b[A")          # up: recall "40 + 2"
    child.send("\x1b[D")         # left, before "2"
    child.send("\x7f")            # backspace removes the space
    child.send("1")               # "40 +12"
    child.send("\r")
    child.expect_exact("52")
    child.expect_exact(PROMPT)
    child.send("\x01")            # Ctrl-A, then type at the start
    child.send("-1 + 3\r")
    child.expect_exact("2")
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    assert "40 +12" in history.read_text().splitlines()


def test_ctrl_c_at_the_prompt_drops_the_line_and_keeps_the_session(tmp_path):
    child, _ = spawn(tmp_path)
    child.sendline("let kept = 7")
    child.expect_exact(PROMPT)
    child.send("let lost = (1 +")
    child.sendcontrol("c")
    child.expect_exact("^C")
    child.expect_exact(PROMPT)
    child.sendline("kept * 6")
    child.expect_exact("42")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_history_persists_across_sessions(tmp_path):
    child, history = spawn(tmp_path)
    child.sendline("1000 + 1")
    child.expect_exact("1001")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child, _ = spawn(tmp_path)
    child.send("\x1b[A\r")
    child.expect_exact("1001")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_piped_script_runs_and_continues_pipelines(tmp_path):
    script = f'let t = load "{telco_path()}"\nt | select [churn]\n\n  | take 3\nprint "done"\n'
    result = subprocess.run([str(SLUICE_BIN)], input=script, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "3 rows × 1 column" in result.stdout
    assert result.stdout.endswith("done\n")


def test_piped_script_with_an_error_exits_non_zero(tmp_path):
    result = subprocess.run([str(SLUICE_BIN)], input="1 +\n2\nnope\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == "3\n"
    assert "error: unknown name `nope`" in result.stderr
    assert "--> stdin, entry 2, line 1:1" in result.stderr


def test_run_file_succeeds_and_fails_with_exit_status(tmp_path):
    good = tmp_path / "good.sluice"
    good.write_text(f'let t = load "{telco_path()}"\nprint "rows loaded"\nt | take 1\n')
    result = subprocess.run([str(SLUICE_BIN), "run", str(good)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("rows loaded\n")
    assert "1 row × 20 columns" in result.stdout

    bad = tmp_path / "bad.sluice"
    bad.write_text('let t = load "no-such-file.csv"\n')
    result = subprocess.run([str(SLUICE_BIN), "run", str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"--> {bad}, line 1:9" in result.stderr
    assert 'cannot load "no-such-file.csv": the file does not exist' in result.stderr


def test_tab_completes_from_the_language(tmp_path):
    child, _ = spawn(tmp_path)
    child.sendline(f'let churn = load "{telco_path()}"')
    child.expect_exact(PROMPT)
    child.send("churn | sort ten\t")      # one match, a column of the table in scope: completed in place
    child.send(" desc | select [chu\t")
    child.send(", ten\t] | take 1\r")
    child.expect_exact("churn | sort tenure desc | select [churn, tenure] | take 1")
    child.expect_exact("1 row × 2 columns")
    child.expect_exact(PROMPT)
    child.send("help t\t")                # several matches with nothing in common beyond "t": listed
    child.expect_exact("take  text  train  transform  trim  tune")
    child.send("un\t\r")                  # "tun" + Tab → "tune"
    child.expect_exact("tune ALGO on TABLE predicting col")
    child.expect_exact(PROMPT)
    child.send("\t1 + 1\r")               # Tab at the start of a line indents
    child.expect_exact("2")
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_ctrl_c_stops_a_long_training_and_keeps_the_session(tmp_path):
    child, _ = spawn(tmp_path)
    child.sendline(f'let churn = load "{telco_path()}"')
    child.expect_exact(PROMPT)
    child.sendline("let m = train xgboost on churn predicting churn { rounds = 1000000 }")
    child.expect(r"round \d+")           # the live progress line: training has started
    child.sendcontrol("c")
    child.expect_exact("training interrupted")
    # The error starts on a line of its own, not after the progress line it interrupted.
    assert re.search(r"(^|\n)(\x1b\[[0-9;]*m)*error: $", child.before), repr(child.before[-120:])
    child.expect_exact(PROMPT)
    child.sendline("m")
    child.expect_exact("unknown name `m`")   # the interrupted training bound nothing
    child.expect_exact(PROMPT)
    child.sendline("churn | take 1")        # what was bound before is intact
    child.expect_exact("1 row × 20 columns")
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_help_folds_at_word_boundaries_to_the_terminal_width(tmp_path):
    child = pexpect.spawn(str(SLUICE_BIN), cwd=str(ROOT), env={"SLUICE_HISTORY": str(tmp_path / "h"), "TERM": "dumb"},
                          encoding="utf-8", timeout=30, dimensions=(40, 60))
    child.expect_exact(PROMPT)
    child.send("help deploy\r")
    child.expect_exact("deploy MODEL as")
    child.expect_exact("bearer token.")
    lines = ("deploy MODEL as" + child.before + child.after).split("\r\n")
    text = [line for line in lines if line.strip()]
    assert len(text) > 4 and all(len(line) <= 60 for line in text), text
    # Folded between words: every line ends at a whole word of the help's text.
    words = set(" ".join(text).split())
    assert "SageMaker's" in words and "/invocations" in words
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_wide_tables_fit_the_terminal_and_pipes_get_every_column(tmp_path):
    child = pexpect.spawn(str(SLUICE_BIN), cwd=str(ROOT), env={"SLUICE_HISTORY": str(tmp_path / "h"), "TERM": "dumb"},
                          encoding="utf-8", timeout=30, dimensions=(40, 60))
    child.expect_exact(PROMPT)
    child.send(f'load "{telco_path()}" | take 2\r')
    child.expect_exact("2 rows × 20 columns; ")
    table = child.before.split("\r\n")
    child.expect_exact(" more columns do not fit the width")
    rows = [line for line in table if line.startswith(("churn ", "categorical ", "No ", "Yes "))]
    assert len(rows) == 4 and all(len(line) <= 60 for line in rows), rows
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    piped = subprocess.run([str(SLUICE_BIN)], input=f'load "{telco_path()}" | take 2\n', capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
    assert "2 rows × 20 columns\n" in piped.stdout and "total_charges" in piped.stdout


def test_ctrl_r_searches_the_history(tmp_path):
    child, history = spawn(tmp_path)
    for line, result in [("40 + 2", "42"), ("10 * 3", "30"), ("40 - 1", "39")]:
        child.sendline(line)
        child.expect_exact(result)
        child.expect_exact(PROMPT)
    child.send("\x12")                    # Ctrl-R
    child.send("40")
    child.expect_exact("(history search) `40': 40 - 1")
    child.send("\x12")                    # an older match
    child.expect_exact("(history search) `40': 40 + 2")
    child.send("\r")                      # runs it
    child.expect_exact("42")
    child.expect_exact(PROMPT)
    child.send("\x12")
    child.send("zz")
    child.expect_exact("(failing history search) `zz': ")
    child.send("\x07")                    # Ctrl-G: back to the (empty) line
    child.send("1 + 1\r")
    child.expect_exact("2")
    child.expect_exact(PROMPT)
    child.send("\x12" + "* 3" + "\x1b[D")  # an arrow takes the match into the line to edit
    child.send("0\r")                     # "10 * 3" + "0" → "10 * 30"
    child.expect_exact("300")
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_errors_are_coloured_on_a_terminal_unless_no_color(tmp_path):
    child, _ = spawn(tmp_path, color=True)
    child.sendline("chrn")
    child.expect_exact("\x1b[1;31merror\x1b[0m\x1b[1m: unknown name `chrn`\x1b[0m")
    child.expect_exact("\x1b[1;31m^^^^ not bound\x1b[0m")
    child.expect_exact(PROMPT)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    piped = subprocess.run([str(SLUICE_BIN)], input="chrn\n", capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert piped.stderr.startswith("error: unknown name `chrn`") and "\x1b[" not in piped.stderr
