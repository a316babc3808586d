"""A Pygments lexer for Sluice: statements, steps and clause words as keywords, algorithms as builtins,
row functions, strings, numbers and percentages, backquoted column names and comments.

The word lists follow Sources/SluiceLang/Syntax/Keyword.swift and the row functions of the language;
Tests/integration/test_pygments_lexer.py checks that they still do."""
from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

__all__ = ["SluiceLexer"]

STATEMENTS = ("let", "print", "describe", "save", "models", "help", "clear", "importance", "deploy", "undeploy",
              "endpoints", "transform", "monitor", "correlation", "insights", "approve", "reject", "lineage")
VALUES = ("load", "recipe", "train", "tune", "fit", "invoke", "evaluate", "crossvalidate", "runs")
STEPS = ("take", "select", "filter", "derive", "rename", "sort", "sample", "split", "apply", "predict", "distinct",
         "group", "aggregate", "count", "crosstab", "append", "balance", "plot", "impute", "encode", "scale", "dateparts")
CLAUSES = ("to", "stdout", "stderr", "as", "on", "model", "version", "predicting", "using", "threshold", "port",
           "capture", "with", "join", "input", "batch", "against", "seed", "stratify", "asc", "desc", "by", "how",
           "mean", "median", "mode", "constant", "onehot", "ordinal", "standard", "minmax",
           "maximize", "minimize", "search", "trials", "parallel", "folds", "prune", "log", "every", "alert", "quality", "metric", "format")
CONSTANTS = ("true", "false", "null")
OPERATOR_WORDS = ("and", "or", "not", "in", "is")
ALGORITHMS = ("xgboost", "linear_learner", "kmeans")


class SluiceLexer(RegexLexer):
    """Sluice, the pipeline language of the Sluice notebook kernel."""

    name = "Sluice"
    aliases = ["sluice"]
    filenames = ["*.sluice"]
    mimetypes = ["text/x-sluice"]
    url = "https://github.com/sluice"

    tokens = {
        "root": [
            (r"[ \t]+", Whitespace),
            (r"\n", Text),
            (r"#.*$", Comment.Single),
            (r'"', String.Double, "string"),
            (r"`[^`\n]*`", Name.Variable),
            (r"\d+(\.\d+)?([eE][+-]?\d+)?%", Number),
            (r"\d+\.\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|\d+[eE][+-]?\d+", Number.Float),
            (r"\d+", Number.Integer),
            (r"([A-Za-z_][A-Za-z0-9_]*)(\()", bygroups(Name.Function, Punctuation)),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(OPERATOR_WORDS, suffix=r"\b"), Operator.Word),
            (words(STATEMENTS + VALUES + STEPS, suffix=r"\b"), Keyword),
            (words(CLAUSES, suffix=r"\b"), Keyword.Pseudo),
            (words(ALGORITHMS, suffix=r"\b"), Name.Builtin),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
            (r"->|\.\.|==|!=|<=|>=|[|<>=+\-*/]", Operator),
            (r"[\[\]{}(),:]", Punctuation),
        ],
        "string": [
            (r'\\.', String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r'"', String.Double, "#pop"),
            (r"\n", String.Double, "#pop"),
        ],
    }
