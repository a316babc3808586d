#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/joins.json: two small tables (as CSV) with repeated, missing and
unicode keys, and pandas' `merge` of them for each `join` the language writes, so the Swift tests
check joins against pandas without needing Python. Run from the repository root:
.venv/bin/python scripts/make-join-goldens.py

The language's choice where pandas differs, written out here: a missing key never matches (SQL);
pandas' merge matches missing with missing, so each missing key is replaced by a value of its own
(sorting after every real key, the left table's before the right's) and put back afterwards."""
import io
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_cells import cells  # noqa: E402

LEFT = """id,k,v,name
1,a,10,ann
2,b,20,bo
3,,30,cy
2,c,40,di
,d,50,ed
2,b,60,flo
5,é,70,gus
"""
RIGHT = """rid,k,v,w
2,b,200,x
2,b,201,y
4,z,400,z
,a,0,n
1,a,100,o
5,é,500,p
3,,300,q
"""
TYPES = {"id": "integer", "rid": "integer", "k": "text", "v": "integer", "name": "text", "w": "text"}


def read(text):
    frame = pd.read_csv(io.StringIO(text), dtype={"k": object, "name": object, "w": object}, keep_default_na=False,
                        na_values={column: [""] for column in ("id", "rid", "k", "v", "name", "w")})
    return frame


def unmatched(frame, keys, side):
    """Missing keys replaced by values of their own, sorting after the real ones."""
    frame = frame.copy()
    for key in keys:
        missing = frame[key].isna()
        numeric = frame[key].dtype.kind in "if"
        frame[key] = frame[key].astype(object)
        for position, row in enumerate(frame.index[missing]):
            frame.loc[row, key] = (10**15 * (1 if side == "L" else 2) + position) if numeric else f"\U0010FFFF{side}{position:04d}"
    return frame


def restore(frame, columns):
    for column in columns:
        frame[column] = frame[column].map(lambda v: None if (isinstance(v, (int, np.integer)) and v >= 10**15)
                                          or (isinstance(v, float) and v >= 1e15)
                                          or (isinstance(v, str) and v.startswith("\U0010FFFF")) else v)
    return frame


def merge(left, right, left_keys, right_keys, how):
    shared = [l for l, r in zip(left_keys, right_keys) if l == r]
    merged = pd.merge(unmatched(left, left_keys, "L"), unmatched(right, right_keys, "R"), how=how,
                      left_on=left_keys, right_on=right_keys, suffixes=("", "_right"))
    key_columns = set(left_keys) | {r if r not in left.columns or r in shared else r + "_right" for r in right_keys}
    merged = restore(merged, key_columns)
    order = list(left.columns) + [c if c not in left.columns else c + "_right" for c in right.columns if c not in shared]
    return [{"name": name, "values": cells(list(merged[name]))} for name in order]


def main():
    left, right = read(LEFT), read(RIGHT)
    right_id = right.rename(columns={"rid": "id"})
    cases = []
    for how in ("inner", "left", "right", "outer"):
        cases.append({"step": f"join r2 on id how {how}", "table": merge(left, right_id, ["id"], ["id"], how)})
        cases.append({"step": f"join r2 on id, k how {how}", "table": merge(left, right_id, ["id", "k"], ["id", "k"], how)})
        cases.append({"step": f"join r on id = rid how {how}", "table": merge(left, right, ["id"], ["rid"], how)})
        cases.append({"step": f"join r on k how {how}", "table": merge(left, right, ["k"], ["k"], how)})
    empty = right_id[right_id["v"] > 10**6]
    cases.append({"step": "join (r2 | filter v > 1000000) on id how left", "table": merge(left, empty, ["id"], ["id"], "left")})
    cases.append({"step": "join (r2 | filter v > 1000000) on id", "table": merge(left, empty, ["id"], ["id"], "inner")})
    golden = {"left": LEFT, "right": RIGHT, "types": TYPES, "cases": cases}
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "joins.json"
    path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
