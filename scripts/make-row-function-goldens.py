#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/row_functions.json: a small table (as CSV) and, for each row
function of the language, pandas' values on it, so the Swift tests check `derive` against pandas
without needing Python. Run from the repository root: .venv/bin/python scripts/make-row-function-goldens.py

Where pandas has several behaviours, the one the language chose is written out here: `min`/`max`
skip missing values (DataFrame.min(axis=1)); `substring(s, start, n)` counts code points from 0,
a negative start from the end (s[start:][:n]); `text` of a number is Python's str of it; missing
values stay missing everywhere (never the text "nan"); a missing bound of `clip` is no bound, as in
pandas. Text is pandas' object dtype, so the string functions are Python's str methods (full Unicode
case mapping: upper("straße") is "STRASSE"; lengths in code points)."""
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_cells import cells  # noqa: E402

CSV = """x,n,y,s,t
2.5,1,0.5,"  Hello ",1
-1.25,-2,2,WORLD,2.5
0.5,3,-3.5,café,abc
3.14159,0,,,
,5,4,naïve Straße, 7 
1234.5678,6,0.1,"a,b",1e3
-0.5,-7,2.5,x-x-x,-0
1.5,8,-1,Ünïcödé,nan
7,9,3,tab\tend,0x10
-2.675,10,0,ends with e,3.
0.125,15,1e-5,lEvEl,12345678901234567890
1e16,-15,-2.5,ÉCOLE,.5
"""


def text_of(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def main():
    frame = pd.read_csv(io.StringIO(CSV), dtype={"s": object, "t": object}, keep_default_na=False,
                        na_values={"x": [""], "n": [""], "y": [""], "s": [""], "t": [""]})
    x, n, y, s, t = frame["x"], frame["n"], frame["y"], frame["s"], frame["t"]
    s_object = s.astype(object).where(s.notna(), None)
    cases = {
        "round(x)": np.round(x),
        "round(x, 1)": np.round(x, 1),
        "round(x, 2)": np.round(x, 2),
        "round(x, -1)": np.round(x, -1),
        "round(n, -1)": np.round(n, -1),
        "floor(x)": np.floor(x),
        "ceil(x)": np.ceil(x),
        "pow(x, 2)": np.power(x, 2),
        "pow(n, 2)": np.power(n, 2),
        "pow(y, 0.5)": np.power(y, 0.5),
        "min(x, y)": frame[["x", "y"]].min(axis=1),
        "max(x, y, n)": frame[["x", "y", "n"]].max(axis=1),
        "clip(x, -1, 2)": x.clip(-1, 2),
        "clip(n, y, 4)": n.clip(y, 4),
        "number(t)": pd.to_numeric(t, errors="coerce"),
        "text(n)": n.map(text_of),
        "text(x)": x.map(text_of),
        "\"n=\" + text(n)": "n=" + n.map(text_of),
        "lower(s)": s.str.lower(),
        "upper(s)": s.str.upper(),
        "trim(s)": s.str.strip(),
        "length(s)": s.str.len(),
        "contains(s, \"l\")": s.str.contains("l", regex=False),
        "starts_with(s, \"W\")": s.str.startswith("W"),
        "ends_with(s, \"e\")": s.str.endswith("e"),
        "replace(s, \"x\", \"yz\")": s.str.replace("x", "yz", regex=False),
        "substring(s, 1, 3)": s_object.map(lambda v: None if v is None else v[1:][:3]),
        "substring(s, -3, 2)": s_object.map(lambda v: None if v is None else v[-3:][:2]),
    }
    golden = {
        "csv": CSV,
        "types": {"x": "float", "n": "integer", "y": "float", "s": "text", "t": "text"},
        "cases": [{"expression": expression, "values": cells(values)} for expression, values in cases.items()],
    }
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "row_functions.json"
    path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
