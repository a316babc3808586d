"""`jupyter console` with the Sluice kernel, driven through a pseudo-terminal: a result,
a tab completion from the language's completion API, and an error."""
import os

import pexpect

from conftest import ROOT, telco_path

JUPYTER = ROOT / ".venv" / "bin" / "jupyter"


def test_jupyter_console_executes_completes_and_reports_errors():
    env = dict(os.environ, TERM="xterm", NO_COLOR="1")
    child = pexpect.spawn(str(JUPYTER), ["console", "--kernel", "sluice"],
                          cwd=str(ROOT), env=env, encoding="utf-8", timeout=60, dimensions=(40, 160))
    try:
        child.expect(r"In \[")
        child.send("1 + 2\r")
        child.expect(r"Out\[")
        child.expect("3")
        child.send(f'let churn = load "{telco_path()}"\r')
        child.expect(r"In \[")
        child.send("churn | sort ten\t")           # completed by the kernel from the table's columns
        child.expect("tenure")
        child.send(" desc | take 1\r")
        child.expect_exact("1 row × 20 columns")
        child.send("train xg\t")
        child.expect("xgboost")
        child.send("\x15")                         # Ctrl-U: drop the line
        child.send("chrn | take 1\r")
        child.expect_exact("unknown name `chrn`")
        child.expect_exact("did you mean `churn`?")
        child.expect(r"In \[")
        child.sendcontrol("d")                     # Ctrl-D on an empty line leaves, after a confirmation
        if child.expect([r"exit \(\[y\]/n\)\?", pexpect.EOF], timeout=20) == 0:
            child.send("y\r")
            child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close(force=True)


def test_jupyter_console_shows_training_progress_advancing():
    env = dict(os.environ, TERM="xterm", NO_COLOR="1")
    child = pexpect.spawn(str(JUPYTER), ["console", "--kernel", "sluice"],
                          cwd=str(ROOT), env=env, encoding="utf-8", timeout=120, dimensions=(40, 160))
    try:
        child.expect(r"In \[")
        child.send(f'let churn = load "{telco_path()}"\r')
        child.expect(r"In \[")
        child.send("let m = train xgboost on churn predicting churn { rounds = 400, max_depth = 6 }\r")
        # Each frame the terminal receives is drawn over the last; it must advance while training runs.
        seen = []
        while True:
            child.expect(r"\] (\d+)/400 round")
            seen.append(int(child.match.group(1)))
            if seen[-1] == 400:
                break
        assert len(set(seen)) >= 3, seen
        assert seen == sorted(seen)
        child.expect(r"In \[")
        child.sendcontrol("d")
        if child.expect([r"exit \(\[y\]/n\)\?", pexpect.EOF], timeout=20) == 0:
            child.send("y\r")
            child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close(force=True)
