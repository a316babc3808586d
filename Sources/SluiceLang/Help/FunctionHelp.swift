/// `help` for each function of row expressions (`help round`), as ``HelpCatalog`` lists them.
enum FunctionHelp {
    static let topics: [HelpTopic] = [
        ("log", "log(x)", "Natural logarithm; missing where x ≤ 0."),
        ("exp", "exp(x)", "e to the power x; missing where it overflows."),
        ("sqrt", "sqrt(x)", "Square root; missing where x < 0."),
        ("abs", "abs(x)", "Absolute value."),
        ("if", "if(condition, a, b)", "a where the condition is true, else b (also where it is missing)."),
        ("coalesce", "coalesce(a, b, …)", "The first of its arguments that is not missing."),
        ("round", "round(x[, digits])", "Rounds half to even, as numpy and pandas: round(2.5) is 2, round(x, 2) keeps two decimals, round(x, -2) rounds to hundreds. Whole numbers stay whole."),
        ("floor", "floor(x)", "The largest whole number not above x."),
        ("ceil", "ceil(x)", "The smallest whole number not below x."),
        ("pow", "pow(x, y)", "x to the power y; missing where that is not a real number."),
        ("min", "min(a, b, …)", "The smallest of the row's values, skipping missing ones (missing when all are), as pandas' min(axis=1)."),
        ("max", "max(a, b, …)", "The largest of the row's values, skipping missing ones (missing when all are)."),
        ("clip", "clip(x, low, high)", "x held within [low, high]; a missing bound does not bound, as in pandas."),
        ("number", "number(x)", "Text read as a number (spaces around it allowed), missing when it is not one: pandas' to_numeric(errors=\"coerce\")."),
        ("text", "text(x)", "A value as text: 5 → \"5\", 2.5 → \"2.5\", 1e16 → \"1e+16\" (as Python writes floats), true → \"true\". `\"rows: \" + text(n)`."),
        ("lower", "lower(s)", "Lower case (full Unicode mapping, as Python's str.lower)."),
        ("upper", "upper(s)", "Upper case: upper(\"straße\") is \"STRASSE\"."),
        ("trim", "trim(s)", "Without the spaces, tabs and line breaks around it."),
        ("length", "length(s)", "The number of characters (Unicode code points)."),
        ("contains", "contains(s, part)", "Whether s contains part, exactly (no patterns)."),
        ("starts_with", "starts_with(s, prefix)", "Whether s starts with prefix."),
        ("ends_with", "ends_with(s, suffix)", "Whether s ends with suffix."),
        ("replace", "replace(s, old, new)", "s with every occurrence of old replaced by new, exactly (no patterns)."),
        ("substring", "substring(s, start, n)", "n characters from start, counted from 0; a negative start counts from the end: substring(\"hello\", -3, 2) is \"ll\"."),
    ].map { HelpTopic($0.0, .rowExpressions, usage: $0.1, text: $0.2) }
}
