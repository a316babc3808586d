import SluiceML
import SluiceTracking

/// `approve "name" version n` and `reject "name" version n`: set a stored version's registry status, which
/// `models` shows and `deploy "name"` follows.
protocol RegistryStatusStatement: KeywordStatement {
    /// The status the statement sets.
    static var status: RegistryStatus { get }
    var name: Expression { get }
    var version: Expression { get }
    init(name: Expression, version: Expression)
}

extension RegistryStatusStatement {
    var runsOnLeaderOnly: Bool { true }

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> Self {
        parser.advance()
        let name = try parser.parseUnary()
        try parser.expect(.version, "`version n` after the model's name",
                          help: "write `\(keyword.rawValue) \"churn\" version 3`; `models` lists the versions")
        return Self(name: name, version: try parser.parseUnary())
    }

    func check(_ resolver: inout Resolver) {
        resolver.check(name)
        resolver.check(version)
    }

    func run(_ context: inout StatementContext) throws(Diagnostic) {
        let evaluator = context.evaluator
        let model = try evaluator.text(name, "the model's name in quotes")
        let number = try evaluator.wholeNumber(version, "`version` needs a whole number")
        do {
            let record = try evaluator.store.setStatus(Self.status, of: model, version: number, by: RunRecord.currentUser)
            let before = record.history.last?.status ?? .pending
            context.say("\(Self.status.rawValue) \"\(model)\" v\(number)" + (before == Self.status ? " (it already was)" : " (was \(before.rawValue))"))
        } catch {
            throw Diagnostic(.runtime, error.description, span: name.span.merged(with: version.span), label: "not changed",
                             help: didYouMean(model, among: Set((try? evaluator.store.names()) ?? [])))
        }
    }
}

struct ApproveStatement: RegistryStatusStatement {
    static let keyword = Keyword.approve
    static let status = RegistryStatus.approved
    static let help = HelpTopic(.approve, .tracking, usage: "approve \"name\" version n",
        text: "Marks a stored model version approved in the registry (every version starts pending). `models` shows the status; `deploy \"name\"` serves the latest approved version.")

    var name: Expression
    var version: Expression
}

struct RejectStatement: RegistryStatusStatement {
    static let keyword = Keyword.reject
    static let status = RegistryStatus.rejected
    static let help = HelpTopic(.reject, .tracking, usage: "reject \"name\" version n",
        text: "Marks a stored model version rejected in the registry: `deploy \"name\"` passes it over. The version stays in the store.")

    var name: Expression
    var version: Expression
}
