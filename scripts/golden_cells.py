"""What the golden-writing scripts share: values of pandas as JSON cells (None for missing)."""
import math

import numpy as np
import pandas as pd


def cells(values):
    """Each value as JSON has it: None for a missing one, bool, int, float or text."""
    out = []
    for value in values:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
        elif isinstance(value, (bool, np.bool_)):
            out.append(bool(value))
        elif isinstance(value, (int, np.integer)):
            out.append(int(value))
        elif isinstance(value, (float, np.floating)):
            out.append(float(value))
        else:
            out.append(str(value))
    return out
