import SluiceML

/// A name as written, with its span.
public struct Name: Sendable, Equatable {
    public var text: String
    public var span: SourceSpan
}

/// An algorithm as written after `train` or `tune`, with its span.
public struct AlgorithmName: Sendable, Equatable {
    public var algorithm: Algorithm
    public var span: SourceSpan

    /// The name as written.
    var text: String { algorithm.name }
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

/// One step after `|` in a pipeline: a table step, or a recipe step. Each is a type of its own in Steps/.
public struct PipeStep: Sendable, Equatable {
    enum Form: Sendable {
        case table(any TableStepSyntax)
        case recipe(any RecipeStepSyntax)
    }

    let form: Form

    init(_ form: Form) {
        self.form = form
    }

    /// The step's keyword, for messages.
    public var keyword: String {
        switch form {
        case .table(let step): type(of: step).keyword.rawValue
        case .recipe(let step): type(of: step).keyword.rawValue
        }
    }

    /// The step as `type`, when it is one (for tests and completion).
    func `as`<Step>(_ type: Step.Type) -> Step? {
        switch form {
        case .table(let step): step as? Step
        case .recipe(let step): step as? Step
        }
    }

    public static func == (left: PipeStep, right: PipeStep) -> Bool {
        switch (left.form, right.form) {
        case (.table(let a), .table(let b)): a.isEqual(to: b)
        case (.recipe(let a), .recipe(let b)): a.isEqual(to: b)
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
        case train(algorithm: AlgorithmName, table: Expression, target: Name?, recipe: Expression?, settings: [Setting])
        /// `tune ALGO on TABLE predicting col [using RECIPE] { items }`
        case tune(algorithm: AlgorithmName, table: Expression, target: Name?, recipe: Expression?, items: [TuneItem])
        /// `crossvalidate ALGO on TABLE [predicting col] [using RECIPE] [{ folds k, param = value, … }]`
        case crossvalidate(algorithm: AlgorithmName, table: Expression, target: Name?, recipe: Expression?, settings: [Setting], folds: Expression?)
        /// `load "path" { options }`
        case load(path: Expression, options: [Setting])
        /// `load model "name" [version n]`
        case loadModel(name: Expression, version: Expression?)
        /// `evaluate MODEL on TABLE [threshold x]`, or `evaluate [A, B] on TABLE`: the models' metrics
        case evaluate(models: [Expression], table: Expression, threshold: Expression?)
        /// `invoke "name" with TABLE`: the endpoint's predictions for the table's rows
        case invoke(name: Expression, table: Expression, by: Name?)
        /// `runs`: the runs recorded in the store, as a table
        case runs
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `source | step`
        case pipe(Expression, PipeStep, stepSpan: SourceSpan)
    }

    public var kind: Kind
    public var span: SourceSpan
}

/// A statement and its span. What it is, and how it is checked and run, is its node's type (Statements/).
public struct Statement: Sendable {
    var node: any StatementNode
    public var span: SourceSpan

    /// The statement as `type`, when it is one (for tests).
    func `as`<Node>(_ type: Node.Type) -> Node? { node as? Node }
}
