#!/usr/bin/env python3
"""Writes Tests/SluiceLangTests/Golden/aggregates.json: a small table (as CSV) with missing values,
repeated and unicode keys, and pandas' results of `group by … aggregate …`, `aggregate …` and
`count by …` on it, so the Swift tests check those steps against pandas without needing Python.
Run from the repository root: .venv/bin/python scripts/make-aggregate-goldens.py

The language's choices, written out here: groups as groupby(sort=True, dropna=False) (ascending keys,
a group for missing keys, last); `count by` as value counts with ties in ascending order of the values
(pandas leaves ties' order unspecified), missing values counted as one value."""
import io
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden_cells import cells  # noqa: E402

CSV = """k,j,x,n,s
b,1,1.5,3,p
a,2,,1,q
b,1,2.25,4,
,2,4.0,1,r
Zoë,1,,5,s
a,1,-1.0,9,q
b,2,3.5,2,p
,2,2.0,6,t
zoe,1,0.1,5,
Émile,1,0.2,3,u
a,2,1e10,5,q
b,1,0.3,8,p
"""

AGGREGATES = ("n_rows = count(), cx = count(x), sx = sum(x), sn = sum(n), mx = mean(x), mdx = median(x), lo = min(x), "
              "hi = max(n), sdx = std(x), vx = var(x), u = nunique(s), f = first(s), l = last(s), q = quantile(x, 0.25), "
              "smin = min(s), smax = max(s)")


def aggregate(grouped):
    return {
        "n_rows": grouped.size(), "cx": grouped["x"].count(), "sx": grouped["x"].sum(), "sn": grouped["n"].sum(),
        "mx": grouped["x"].mean(), "mdx": grouped["x"].median(), "lo": grouped["x"].min(), "hi": grouped["n"].max(),
        "sdx": grouped["x"].std(), "vx": grouped["x"].var(), "u": grouped["s"].nunique(), "f": grouped["s"].first(),
        "l": grouped["s"].last(), "q": grouped["x"].quantile(0.25), "smin": grouped["s"].min(), "smax": grouped["s"].max(),
    }


def table(columns):
    return [{"name": name, "values": cells(list(values))} for name, values in columns.items()]


def grouped_case(frame, keys):
    grouped = frame.groupby(keys, sort=True, dropna=False)
    results = aggregate(grouped)
    index = results["n_rows"].index
    columns = {}
    for level, key in enumerate(keys):
        columns[key] = index.get_level_values(level) if len(keys) > 1 else index
    for name, series in results.items():
        columns[name] = series.reindex(index)
    return table(columns)


def whole_case(frame):
    values = {
        "n_rows": [len(frame)], "cx": [frame["x"].count()], "sx": [frame["x"].sum()], "sn": [frame["n"].sum()],
        "mx": [frame["x"].mean()], "mdx": [frame["x"].median()], "lo": [frame["x"].min()], "hi": [frame["n"].max()],
        "sdx": [frame["x"].std()], "vx": [frame["x"].var()], "u": [frame["s"].nunique()],
        "f": [frame["s"].dropna().iloc[0] if frame["s"].notna().any() else None],
        "l": [frame["s"].dropna().iloc[-1] if frame["s"].notna().any() else None],
        "q": [frame["x"].quantile(0.25)], "smin": [frame["s"].dropna().min() if frame["s"].notna().any() else None],
        "smax": [frame["s"].dropna().max() if frame["s"].notna().any() else None],
    }
    return table(values)


def count_case(frame, keys):
    counts = frame.groupby(keys, sort=True, dropna=False).size().rename("n").reset_index()
    counts = counts.sort_values("n", ascending=False, kind="stable")
    return table({name: counts[name] for name in keys + ["n"]})


def main():
    frame = pd.read_csv(io.StringIO(CSV), dtype={"k": object, "s": object}, keep_default_na=False,
                        na_values={"k": [""], "x": [""], "s": [""]})
    empty = frame[frame["n"] > 1000]
    cases = [
        {"step": f"group by k aggregate {AGGREGATES}", "table": grouped_case(frame, ["k"])},
        {"step": f"group by j, k aggregate {AGGREGATES}", "table": grouped_case(frame, ["j", "k"])},
        {"step": f"aggregate {AGGREGATES}", "table": whole_case(frame)},
        {"step": "count by k", "table": count_case(frame, ["k"])},
        {"step": "count by j, s", "table": count_case(frame, ["j", "s"])},
        {"step": f"filter n > 1000 | aggregate {AGGREGATES}", "table": whole_case(empty)},
        {"step": f"filter n == 9 | group by k aggregate {AGGREGATES}", "table": grouped_case(frame[frame["n"] == 9], ["k"])},
    ]
    golden = {"csv": CSV, "types": {"k": "text", "j": "integer", "x": "float", "n": "integer", "s": "text"}, "cases": cases}
    path = Path(__file__).resolve().parent.parent / "Tests" / "SluiceLangTests" / "Golden" / "aggregates.json"
    path.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
