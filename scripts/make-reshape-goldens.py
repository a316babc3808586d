#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/reshaping.json: small tables (as CSV) and pandas' `crosstab` and
`concat` of them, so the Swift tests check `crosstab` and `append` against pandas without needing
Python. Run from the repository root: .venv/bin/python scripts/make-reshape-goldens.py"""
import io
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_cells import cells  # noqa: E402

ROWS = """k,j,s
b,1,p
a,2,q
b,1,
,2,r
Zoë,1,s
a,1,q
b,2,p
,2,t
é,1,
a,2,q
"""
FIRST = """id,x,s
1,0.5,p
2,,q
3,2.5,
"""
SECOND = """x,id,extra
7.25,4,e
,5,
"""


def read(text, text_columns):
    return pd.read_csv(io.StringIO(text), dtype={c: object for c in text_columns}, keep_default_na=False,
                       na_values={c: [""] for c in ("k", "j", "s", "id", "x", "extra")})


def crosstab(frame, rows, columns):
    table = pd.crosstab(frame[rows], frame[columns])
    out = [{"name": rows, "values": cells(list(table.index))}]
    for value in table.columns:
        out.append({"name": str(value), "values": cells(list(table[value]))})
    return out


def main():
    rows = read(ROWS, ["k", "s"])
    first, second = read(FIRST, ["s"]), read(SECOND, ["extra"])
    appended = pd.concat([first, second], ignore_index=True)
    golden = {
        "rows": ROWS, "first": FIRST, "second": SECOND,
        "types": {"k": "text", "j": "integer", "s": "text", "id": "integer", "x": "float", "extra": "text"},
        "cases": [
            {"step": "crosstab k by j", "source": "rows", "table": crosstab(rows, "k", "j")},
            {"step": "crosstab j by s", "source": "rows", "table": crosstab(rows, "j", "s")},
            {"step": "append second", "source": "first",
             "table": [{"name": name, "values": cells(list(appended[name]))} for name in appended.columns]},
        ],
    }
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "reshaping.json"
    path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
