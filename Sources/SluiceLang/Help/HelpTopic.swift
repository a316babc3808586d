/// One thing `help` explains: a statement, a step, an algorithm, a function, a metric or a tuning item.
struct HelpTopic: Sendable {
    /// The groups of the overview, in its order.
    enum Group: String, CaseIterable, Sendable {
        case statements, deployment, tracking, tableSteps = "table steps", recipes, algorithms, tuning
        case rowExpressions = "row expressions", metrics
    }

    let name: String
    let group: Group
    /// How it is written.
    let usage: String
    let text: String

    init(_ name: String, _ group: Group, usage: String, text: String) {
        self.name = name
        self.group = group
        self.usage = usage
        self.text = text
    }

    init(_ keyword: Keyword, _ group: Group, usage: String, text: String) {
        self.init(keyword.rawValue, group, usage: usage, text: text)
    }
}
