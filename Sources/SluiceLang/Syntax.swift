import SluiceML

/// A name as written, with its span.
public struct Name: Sendable, Equatable {
    public var text: String
    public var span: SourceSpan
}

/// A `name = value` item inside `{ }`.
public struct Setting: Sendable, Equatable {
    public var name: Name
    public var value: Expression
}

/// Binary operators, loosest-binding first within ``Expression/Kind/binary``.
public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
    case negate = "-", not
}

/// A searched parameter's values in `tune { }`.
public enum RangeSpec: Sendable, Equatable {
    case linear(Expression, Expression)
    case log(Expression, Expression)
    case choices([Expression])
}

/// One item inside `tune { }`.
public enum TuneItem: Sendable, Equatable {
    case objective(maximize: Bool, metric: Name)
    case search(Name)
    /// `prune median`: stop trials whose metric trails the median of completed trials at the same round.
    case prune(Name)
    case trials(Expression)
    case parallel(Expression)
    case seed(Expression)
    case folds(Expression)
    case fixed(Setting)
    case range(Name, RangeSpec)
}

/// `name = expression` in `derive`.
public struct Derivation: Sendable, Equatable {
    public var name: Name
    public var value: Expression
}

/// `old -> new` in `rename`.
public struct Renaming: Sendable, Equatable {
    public var from: Name
    public var to: Name
}

/// `column [desc]` in `sort`.
public struct SortKey: Sendable, Equatable {
    public var column: Name
    public var descending: Bool
}

/// How `impute` fills, as written.
public enum ImputeSyntax: Sendable, Equatable {
    case mean, median, mode
    case constant(Expression)
}

/// One step after `|` in a pipeline. Table steps apply to tables, recipe steps to recipes.
public enum PipeStep: Sendable, Equatable {
    /// `take n`: the first n rows.
    case take(Expression)
    /// `select [a, b]` keeps those columns, in that order; `select -[a, b]` drops them.
    case select([Name], drop: Bool)
    /// `filter condition`: the rows where it is true.
    case filter(Expression)
    /// `derive a = expr, b = expr`: computed columns, added or replaced.
    case derive([Derivation])
    /// `rename a -> b, c -> d`
    case rename([Renaming])
    /// `sort a desc, b`
    case sort([SortKey])
    /// `sample n [seed s]` (n rows, or a percentage)
    case sample(Expression, seed: Expression?)
    /// `split 80% [stratify col] [seed s]`: two tables.
    case split(Expression, stratify: Name?, seed: Expression?)
    /// `save "path.csv"`: writes the table and passes it on.
    case save(Expression)
    /// `apply FITTED_RECIPE`: prepares the table.
    case apply(Expression)
    /// `predict MODEL [threshold x]`: adds prediction columns.
    case predict(Expression, threshold: Expression?)
    /// Recipe steps.
    case impute(ImputeSyntax, columns: [Name]?)
    case encodeOneHot([Name]?)
    case encodeOrdinal(Name, levels: Expression?)
    case scale(ScaleMethod, columns: [Name]?)

    /// The step's keyword, for messages.
    public var keyword: String {
        switch self {
        case .take: "take"
        case .select: "select"
        case .filter: "filter"
        case .derive: "derive"
        case .rename: "rename"
        case .sort: "sort"
        case .sample: "sample"
        case .split: "split"
        case .save: "save"
        case .apply: "apply"
        case .predict: "predict"
        case .impute: "impute"
        case .encodeOneHot, .encodeOrdinal: "encode"
        case .scale: "scale"
        }
    }

    /// Whether the step prepares a recipe rather than a table.
    public var isRecipeStep: Bool {
        switch self {
        case .impute, .encodeOneHot, .encodeOrdinal, .scale: true
        default: false
        }
    }
}

/// An expression and its span.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case percent(Double)
        case string(String)
        case boolean(Bool)
        case null
        case name(String)
        case list([Expression])
        /// `{ name = value, ... }`
        case record([Setting])
        /// A backquoted name: always a column.
        case column(String)
        /// `log(x)`, `if(c, a, b)`, …
        case call(Name, [Expression])
        /// `x is null` / `x is not null`
        case isNull(Expression, negated: Bool)
        /// `x in [a, b]` / `x not in [a, b]`
        case inList(Expression, [Expression], negated: Bool)
        /// `recipe`: a recipe with no steps yet.
        case recipe
        /// `fit RECIPE on TABLE [predicting col]`
        case fit(recipe: Expression, table: Expression, target: Name?)
        /// `train ALGO on TABLE [predicting col] [using RECIPE] [{ param = value, … }]`
        case train(algorithm: Name, table: Expression, target: Name?, recipe: Expression?, settings: [Setting])
        /// `tune ALGO on TABLE predicting col [using RECIPE] { items }`
        case tune(algorithm: Name, table: Expression, target: Name?, recipe: Expression?, items: [TuneItem])
        /// `load "path" { options }`
        case load(path: Expression, options: [Setting])
        /// `load model "name" [version n]`
        case loadModel(name: Expression, version: Expression?)
        /// `invoke "name" with TABLE`: the endpoint's predictions for the table's rows
        case invoke(name: Expression, table: Expression)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `source | step`
        case pipe(Expression, PipeStep, stepSpan: SourceSpan)
    }

    public var kind: Kind
    public var span: SourceSpan
}

/// A statement and its span.
public struct Statement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `let a = expr` or `let a, b = expr`.
        case bind([Name], Expression)
        /// `print expr [to stderr]`.
        case print(Expression, toStandardError: Bool)
        /// A bare expression, whose value is displayed.
        case expression(Expression)
        /// `describe TABLE`
        case describe(Expression)
        /// `save TABLE to "path.csv"`, or `save MODEL to "model.json"` (XGBoost's format)
        case saveTo(Expression, path: Expression)
        /// `save MODEL as "name"`: a new version in the model store
        case saveAs(Expression, name: Expression)
        /// `models`: the model store's contents
        case listModels
        /// `help [topic]`
        case help(Name?)
        /// `clear`: clears what the cell has shown so far (in a notebook)
        case clearOutput
        /// `importance MODEL`
        case importance(Expression)
        /// `evaluate MODEL on TABLE [threshold x]`
        case evaluate(model: Expression, table: Expression, threshold: Expression?)
        /// `deploy MODEL as "name" [port n] [capture p%]`
        case deploy(model: Expression, name: Expression, port: Expression?, capture: Expression?)
        /// `undeploy "name"`
        case undeploy(Expression)
        /// `endpoints`: the running endpoints with their health
        case listEndpoints
        /// `transform "in" with MODEL to "out" [join input] [batch n]`
        case transform(input: Expression, model: Expression, output: Expression, joinInput: Bool, batch: Expression?)
        /// `monitor "name" against MODEL [threshold x]`
        case monitorEndpoint(name: Expression, model: Expression, threshold: Expression?)
        /// `monitor MODEL on TABLE [threshold x]`
        case monitorTable(model: Expression, table: Expression, threshold: Expression?)
    }

    public var kind: Kind
    public var span: SourceSpan
}
