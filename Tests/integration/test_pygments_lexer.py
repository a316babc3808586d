"""The Pygments lexer (python/sluice-pygments) knows the language as the interpreter does: every keyword
of Sources/SluiceLang/Syntax/Keyword.swift, the algorithms and the row functions that `help` lists."""
import re
import subprocess

from pygments import lex
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Name, Number, Operator, String

from conftest import ROOT, SLUICE_BIN


def tokens(code):
    return [(kind, text) for kind, text in lex(code, get_lexer_by_name("sluice")) if text.strip()]


def test_every_keyword_of_the_language_is_highlighted_as_a_keyword():
    source = (ROOT / "Sources" / "SluiceLang" / "Syntax" / "Keyword.swift").read_text()
    enum = source[source.index("public enum Keyword"):source.index("static let valueWords")]
    words = [w.strip("` ") for line in re.findall(r"^\s*case (.+)$", enum, re.M) for w in line.split(",")]
    assert len(words) > 90
    for word in words:
        [(kind, text)] = tokens(word)
        assert text == word and (kind in Keyword or kind is Operator.Word), (word, kind)


def test_algorithms_and_row_functions_from_help():
    overview = subprocess.run([str(SLUICE_BIN), "run", "/dev/stdin"], input="help\n", capture_output=True, text=True,
                              check=True).stdout
    algorithms = re.search(r"algorithms\s+(.+)", overview).group(1).split(", ")
    functions = [f for f in re.search(r"row expressions\s+(.+)", overview).group(1).split(", ") if f != "expressions"]
    assert algorithms == ["xgboost", "linear_learner", "kmeans"] and "days_between" in functions
    for algorithm in algorithms:
        assert tokens(algorithm) == [(Name.Builtin, algorithm)]
    for function in functions:
        assert tokens(f"{function}(x)")[0] == (Name.Function, function)


def test_a_cell_reads_as_sluice():
    found = tokens('let cut = t | filter `unit price` >= 2.5 and city in ["Oslo"] | sample 10% # a comment')
    assert found[:3] == [(Keyword, "let"), (Name, "cut"), (Operator, "=")]
    assert (Name.Variable, "`unit price`") in found and (Number.Float, "2.5") in found and (Number, "10%") in found
    assert (String.Double, "Oslo") in found and (Operator.Word, "in") in found and found[-1] == (Comment.Single, "# a comment")
