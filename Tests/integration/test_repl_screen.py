"""The REPL's line editor on a 100-column pseudo-terminal, with what the terminal shows rebuilt by
a terminal emulator (pyte): entries wider than the terminal wrap over several rows and are redrawn
in place while typing, moving and searching — never reprinted."""
import time

import pexpect
import pyte

from conftest import ROOT, SLUICE_BIN

COLUMNS, ROWS = 100, 30


class Terminal:
    """The REPL on a pty, and the screen its output draws."""

    def __init__(self, tmp_path):
        env = {"SLUICE_HISTORY": str(tmp_path / "history"), "TERM": "xterm", "NO_COLOR": "1"}
        self.child = pexpect.spawn(str(SLUICE_BIN), cwd=str(ROOT), env=env, encoding="utf-8", timeout=30,
                                   dimensions=(ROWS, COLUMNS))
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.settle()

    def settle(self, quiet=0.3, limit=10):
        """Feeds the screen everything the REPL writes until it is quiet for `quiet` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=quiet))
            except pexpect.TIMEOUT:
                return
        raise AssertionError("the REPL never stopped writing")

    def type(self, text, each=None):
        """Sends `text` a key at a time (as typing does), letting the screen settle after each."""
        for key in text if each is None else each:
            self.child.send(key)
            self.settle(quiet=0.02)
        self.settle()

    def rows(self):
        """The rows from the first prompt on (the banner is above it)."""
        lines = [line.rstrip() for line in self.screen.display]
        self.top = next(index for index, line in enumerate(lines) if line.startswith(("sluice> ", "(")))
        return lines[self.top:]

    def cursor(self):
        """The cursor's row (from the first prompt) and column."""
        self.rows()
        return self.screen.cursor.y - self.top, self.screen.cursor.x

    def close(self):
        self.child.sendcontrol("d")
        self.child.expect(pexpect.EOF)
        self.child.close()


def wrapped(text):
    """`text` cut into rows of the terminal's width, as it wraps on screen."""
    return [text[start:start + COLUMNS] for start in range(0, len(text), COLUMNS)]


def test_a_long_entry_wraps_and_is_redrawn_in_place(tmp_path):
    terminal = Terminal(tmp_path)
    words = " ".join(f"word{index}" for index in range(22))
    entry = f'let s = "{words}"'
    assert 100 < len("sluice> " + entry) < 200
    terminal.type(entry)
    rows = terminal.rows()
    shown = wrapped("sluice> " + entry)
    assert rows[:len(shown)] == shown
    assert all(row == "" for row in rows[len(shown):]), "the prompt line was printed more than once"
    assert terminal.cursor() == (1, len("sluice> " + entry) - COLUMNS)

    # Left across the row boundary, then insert: the rows are redrawn, the cursor stays after the insert.
    terminal.type(None, each=["\x1b[D"] * 60)
    terminal.type("XYZ")
    edited = entry[:len(entry) - 60] + "XYZ" + entry[len(entry) - 60:]
    shown = wrapped("sluice> " + edited)
    rows = terminal.rows()
    assert rows[:len(shown)] == shown
    assert all(row == "" for row in rows[len(shown):])
    position = len("sluice> ") + len(entry) - 60 + 3
    assert terminal.cursor() == (position // COLUMNS, position % COLUMNS)

    # Deleting back to one row clears the row below.
    terminal.type("\x05")                                    # Ctrl-E
    terminal.type(None, each=["\x7f"] * (len(edited) - 20))
    assert terminal.rows()[:2] == ["sluice> " + edited[:20], ""]

    terminal.type("\x15" + 'print "ok"\r')                # Ctrl-U, then a short entry runs
    assert "ok" in terminal.rows()
    terminal.close()


def test_wide_characters_take_two_columns(tmp_path):
    terminal = Terminal(tmp_path)
    entry = 'let st = "' + "数据" * 50 + '"'                  # 100 wide characters: 200 columns
    terminal.type(entry)
    rows = [row for row in terminal.rows() if row]
    # 41 fill the 82 columns after `sluice> let st = "`, 50 the next row, and the last 9 and the quote below.
    assert [row.replace(" ", "") for row in rows] == ["sluice>letst=\"" + "数据" * 20 + "数", "据数" * 25, "据数" * 4 + "据\""]
    assert terminal.cursor() == (2, 19)
    terminal.type("\x01")                                     # Ctrl-A: the cursor goes back to the first row
    assert terminal.cursor() == (0, len("sluice> "))
    terminal.type("\x15\r")
    terminal.close()


def test_history_search_of_a_long_entry_leaves_no_stale_rows(tmp_path):
    terminal = Terminal(tmp_path)
    long_entry = 'print "' + "abcdefghij " * 14 + '"'
    terminal.type(long_entry + "\r")
    terminal.type("\x0c")                                      # Ctrl-L: a clean screen
    terminal.type("\x12")                                      # Ctrl-R
    terminal.type("abcdefghij abc")
    rows = [row for row in terminal.rows() if row]
    assert sum("history search" in row for row in rows) == 1, rows
    shown = wrapped("(history search) `abcdefghij abc': " + long_entry)
    assert rows == shown
    terminal.type("\x1b")                                      # Esc: the match is on the line to edit
    terminal.type(None, each=["\x1b[D"])                    # and the keys edit it
    rows = [row for row in terminal.rows() if row]
    assert rows == wrapped("sluice> " + long_entry)
    position = len("sluice> " + long_entry) - 1
    assert terminal.cursor() == (position // COLUMNS, position % COLUMNS)
    terminal.type("\x15\r")
    terminal.close()


def run_at_100_columns(tmp_path, script):
    """`sluice run` of `script` on a 100-column pseudo-terminal; the lines the terminal receives."""
    path = tmp_path / "layout.sluice"
    path.write_text(script)
    child = pexpect.spawn("bash", ["-c", f"stty cols {COLUMNS} rows {ROWS}; exec {SLUICE_BIN} run {path} 2>&1"],
                          cwd=str(ROOT), env={"NO_COLOR": "1", "TERM": "xterm"}, encoding="utf-8", timeout=120,
                          dimensions=(ROWS, COLUMNS))
    child.expect(pexpect.EOF)
    child.close()
    # Progress frames are drawn over each other: keep what follows the last carriage return of a line.
    return [line.split("\r")[-1].replace("\x1b[K", "") for line in child.before.split("\r\n")]


def test_describe_and_evaluation_fit_100_columns_and_line_up(tmp_path):
    lines = run_at_100_columns(tmp_path, f'''describe load "{ROOT}/data/telco_churn.csv"
let penguins = load "{ROOT}/data/penguins.csv"
let train_set, test_set = penguins | split 70% seed 1
evaluate (train xgboost on train_set predicting species {{ rounds = 10 }}) on test_set
''')
    assert all(len(line) <= COLUMNS for line in lines), [line for line in lines if len(line) > COLUMNS]
    header = next(line for line in lines if line.startswith("column "))
    assert "mean" in header and "distribution" in header
    note = next(line for line in lines if "left out to fit 100 columns" in line)
    assert all(name in note for name in ("25%", "75%"))
    # Top values that do not fit are cut after a whole value where one fits, marked with an ellipsis.
    security = next(line for line in lines if line.startswith("online_security ")).rsplit("  ", 1)[1]
    assert security in ("No 3,498 …", "No 3,498 · Yes 2,019 …"), security
    # The per-class table: every number column ends at the same place on every row.
    start = lines.index(next(line for line in lines if line.startswith("class ")))
    table = lines[start:start + 4]
    assert [row.split()[0] for row in table] == ["class", "Adelie", "Chinstrap", "Gentoo"]
    for header_word in ("precision", "recall", "f1", "support"):
        end = table[0].index(header_word) + len(header_word)
        assert all(row[end - 1] != " " and (len(row) == end or row[end] == " ") for row in table), table


def test_an_error_in_a_long_line_fits_100_columns_with_its_label_whole(tmp_path):
    columns = ", ".join(f"column_number_{index}" for index in range(8))
    lines = run_at_100_columns(tmp_path, f'let t = load "{ROOT}/data/telco_churn.csv"\n'
                                         f"let x = t | select [{columns}] | sort tenure desk\n")
    assert all(len(line) <= COLUMNS for line in lines), [line for line in lines if len(line) > COLUMNS]
    source = next(line for line in lines if line.startswith("2 | "))
    assert source.startswith("2 | …") and source.endswith("sort tenure desk")
    carets = next(line for line in lines if "^^^^" in line)
    assert carets.index("^^^^") == source.index("desk")
    assert any(line.strip(" |").startswith("found `desk`") or line.endswith("^^^^ found `desk`") for line in lines)
    assert any("did you mean `desc`?" in line for line in lines)
