/// Checks a parsed cell before anything runs: every name must be bound by an
/// earlier statement or an earlier cell. So a typo in the last line is
/// reported before the first line starts a long job.
struct Resolver {
    private var known: Set<String>
    private var diagnostics: [Diagnostic] = []

    /// The problems in `statements`, given the names bound before them.
    static func check(_ statements: [Statement], bound: Set<String>) -> [Diagnostic] {
        var resolver = Resolver(known: bound)
        for statement in statements {
            switch statement.kind {
            case .bind(let names, let value):
                resolver.check(value)
                resolver.known.formUnion(names.map(\.text))
            case .print(let value, _), .expression(let value):
                resolver.check(value)
            }
        }
        return resolver.diagnostics
    }

    private mutating func check(_ expression: Expression) {
        switch expression.kind {
        case .number, .percent, .string, .boolean, .null:
            break
        case .name(let name):
            guard !known.contains(name) else { return }
            diagnostics.append(Diagnostic(.name, "unknown name `\(name)`", span: expression.span, label: "not bound",
                                          help: didYouMean(name, among: known) ?? "bind it first: `let \(name) = …`"))
        case .list(let items):
            items.forEach { check($0) }
        case .record(let settings):
            settings.forEach { check($0.value) }
        case .load(let path, let options):
            check(path)
            options.forEach { check($0.value) }
        case .unary(_, let operand):
            check(operand)
        case .binary(_, let left, let right):
            check(left)
            check(right)
        case .pipe(let source, let step, _):
            check(source)
            if case .take(let count) = step { check(count) }
        }
    }
}
