/// Every word the language gives a meaning to: the one list that the lexer, the parser, the resolver,
/// completion, help and the fuzz tests read. Which words start a statement or a step is said by the
/// statement and step types themselves (``StatementRegistry``, ``StepRegistry``), each naming its keyword here.
public enum Keyword: String, CaseIterable, Sendable {
    // Statements.
    case `let`, print, describe, save, models, help, clear, importance
    case deploy, undeploy, endpoints, transform, monitor, correlation, insights, approve, reject, lineage
    // Values.
    case load, recipe, train, tune, fit, invoke, evaluate, crossvalidate, runs
    // Literals and operators.
    case `true`, `false`, null, and, or, not, `in`, `is`, log
    // Table steps.
    case take, select, filter, derive, rename, sort, sample, split, apply, predict, distinct
    // Recipe steps.
    case impute, encode, scale, dateparts
    // Words of clauses, recognised in their place and free as names elsewhere.
    case to, stdout, stderr, `as`, on, model, version, predicting, using, threshold, port, capture, with, join, input, batch
    case against, seed, stratify, asc, desc, by, how, every, alert, quality, metric, format
    case mean, median, mode, constant, onehot, ordinal, standard, minmax
    // Items of `tune { }`.
    case maximize, minimize, search, trials, parallel, folds, prune
    // Wrangling and exploring steps.
    case group, aggregate, count, crosstab, append, balance, plot

    /// The words that start a value: `load "…"`, `train …`, `recipe | …`.
    static let valueWords: [Keyword] = [.load, .recipe, .train, .tune, .fit, .invoke, .evaluate, .crossvalidate, .runs]
    /// Literals and the operators written as words.
    static let operatorWords: [Keyword] = [.true, .false, .null, .and, .or, .not, .in, .is, .log]
    /// The items of `tune { }` that are not parameters.
    static let tuneItems: [Keyword] = [.maximize, .minimize, .search, .trials, .parallel, .seed, .folds, .prune]

    /// Words with a fixed meaning, which cannot name a binding: those that start statements and values,
    /// literals and operators. Words that matter only in one position (`to`, `on`, steps, …) stay free as names.
    public static let reserved: Set<String> = Set(
        (StatementRegistry.keywords + valueWords + operatorWords).map(\.rawValue))

    /// Whether a line ending with this word continues on the next line.
    static let continuingWords: Set<String> = Set([Keyword.and, .or, .not, .in, .log, .is].map(\.rawValue))
}

extension Token {
    /// Whether the token is the word `keyword`.
    func isKeyword(_ keyword: Keyword) -> Bool { isWord(keyword.rawValue) }

    /// The keyword the token is, if it is a word the language knows.
    var keyword: Keyword? {
        if case .word(let text) = kind { return Keyword(rawValue: text) }
        return nil
    }
}
