import SluiceDisplay

/// A statement as parsed: what the resolver checks and the session runs. Every statement type
/// conforms, so the compiler makes each pass handle each statement (jlox's `Stmt` visitor, as a protocol).
protocol StatementNode: Sendable {
    /// Checks names, columns and written-out values before anything in the cell runs.
    func check(_ resolver: inout Resolver)
    /// Runs the statement.
    func run(_ context: inout StatementContext) throws(Diagnostic)
    /// Whether, in a job of several ranks, only rank 0 runs it: it changes the world outside the
    /// session (the store, endpoints, files), which one rank does once.
    var runsOnLeaderOnly: Bool { get }
}

extension StatementNode {
    var runsOnLeaderOnly: Bool { false }
}

/// A statement that starts with its keyword. Each is one type in Statements/ that owns its keyword,
/// grammar, resolver check, execution and help, listed once in ``StatementRegistry``.
protocol KeywordStatement: StatementNode, Equatable {
    /// The word the statement starts with.
    static var keyword: Keyword { get }
    /// What `help KEYWORD` shows.
    static var help: HelpTopic { get }
    /// Parses the statement; the parser stands on its keyword.
    static func parse(_ parser: inout Parser) throws(Diagnostic) -> Self
}

/// What a running statement works with: the evaluator (values and bindings), where output goes, and
/// the cell's result when it is the cell's last statement.
struct StatementContext {
    var evaluator: Evaluator
    let sink: any OutputSink
    /// The width of the text display (a terminal's columns), when there is one.
    let textWidth: Int?
    /// The statement's span, for errors of the statement as a whole.
    let span: SourceSpan
    /// Whether the statement is the last of its cell, whose bare value is the cell's result.
    let isLast: Bool
    /// The value the cell returns for its front end to show.
    var result: Value?

    /// Shows a value as the front end shows values.
    func show(_ value: Value) {
        value.displayBundles(textWidth: textWidth).forEach(sink.display)
    }

    /// Writes a line of text to standard output.
    func say(_ line: String) {
        sink.write(line + "\n", to: .stdout)
    }
}

/// The statements of the language, by keyword: the one table that the parser, the resolver, completion,
/// help and the fuzz tests read. A new statement is a new type in Statements/ and a line here.
enum StatementRegistry {
    static let all: [any KeywordStatement.Type] = [
        LetStatement.self, PrintStatement.self, DescribeStatement.self, CorrelationStatement.self, InsightsStatement.self, SaveStatement.self, ModelsStatement.self,
        ImportanceStatement.self, HelpStatement.self, ClearStatement.self,
        DeployStatement.self, UndeployStatement.self, EndpointsStatement.self, TransformStatement.self, MonitorStatement.self,
        ApproveStatement.self, RejectStatement.self, LineageStatement.self,
    ]

    /// The words that start statements.
    static let keywords: [Keyword] = all.map { $0.keyword }


    private static let byKeyword: [Keyword: any KeywordStatement.Type] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.keyword, $0) })

    /// The statement that `keyword` starts, if any.
    static func statement(startingWith keyword: Keyword) -> (any KeywordStatement.Type)? {
        byKeyword[keyword]
    }
}
