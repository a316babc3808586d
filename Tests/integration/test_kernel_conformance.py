"""The Jupyter project's own kernel test suite, for what Sluice has so far."""
import os
import tempfile
import unittest

import jupyter_kernel_test

from conftest import telco_path


class SluiceKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "sluice"
    language_name = "sluice"
    file_extension = ".sluice"

    @classmethod
    def setUpClass(cls):
        # The history tests expect only this class's requests in the kernel's history, whatever
        # other test modules ran before: a history file of its own, restored afterwards.
        cls._shared_history = os.environ.get("SLUICE_KERNEL_HISTORY")
        os.environ["SLUICE_KERNEL_HISTORY"] = os.path.join(tempfile.mkdtemp(prefix="sluice-history-"), "history.jsonl")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls._shared_history is None:
            os.environ.pop("SLUICE_KERNEL_HISTORY", None)
        else:
            os.environ["SLUICE_KERNEL_HISTORY"] = cls._shared_history

    code_hello_world = 'print "hello, world"'
    code_stderr = 'print "something went wrong" to stderr'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"sl" + "uice"', "result": '"sluice"'},
        {"code": f'load "{telco_path()}" | take 3', "mime": "text/html"},
    ]
    # A bare expression that is not the cell's last is displayed as it runs.
    code_display_data = [
        {"code": f'load "{telco_path()}" | take 2\n1', "mime": "text/html"},
        {"code": f'load "{telco_path()}" | select [churn]\n1', "mime": "text/plain"},
    ]

    code_generate_error = "no_such_name"

    code_inspect_sample = "xgboost"
    code_page_something = "help tune"
    code_clear_output = 'print "soon gone"\nclear'

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1 + *"

    completion_samples = [
        {"text": "train xg", "matches": {"xgboost"}},
        {"text": "tune xgboost on t predicting y { max_d", "matches": {"max_depth", "max_delta_step"}},
        {"text": f'load "{telco_path()}" | filter ten', "matches": {"tenure"}},
    ]

    complete_code_samples = ["1 + 2", 'let t = load "x.csv"', 'print "a"']
    incomplete_code_samples = ["let t = (1 +", 'print "abc', 'let t = load "x.csv" |', "let a = [1,"]
    invalid_code_samples = ["let a = 1)", "[1, 2}", "let a = 1 $"]


class SluiceIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    kernel_name = "sluice"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
