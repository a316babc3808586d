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
            case .print(let value, _), .expression(let value), .describe(let value):
                resolver.check(value)
            case .listModels:
                break
            case .importance(let model):
                resolver.check(model)
            case .evaluate(let model, let table, let threshold):
                resolver.check(model)
                resolver.check(table)
                threshold.map { resolver.check($0) }
            case .saveAs(let value, let name):
                resolver.check(value)
                resolver.check(name)
            case .saveTo(let value, let path):
                resolver.check(value)
                resolver.check(path)
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
        case .loadModel(let name, let version):
            check(name)
            version.map { check($0) }
        case .unary(_, let operand):
            check(operand)
        case .binary(_, let left, let right):
            check(left)
            check(right)
        case .pipe(let source, let step, _):
            check(source)
            check(step)
        case .column, .recipe:
            break
        case .call(_, let arguments):
            arguments.forEach { check($0) }
        case .isNull(let operand, _):
            check(operand)
        case .inList(let operand, let items, _):
            check(operand)
            items.forEach { check($0) }
        case .fit(let recipe, let table, _):
            check(recipe)
            check(table)
        case .train(_, let table, _, let recipe, let settings):
            check(table)
            recipe.map { check($0) }
            settings.forEach { check($0.value) }
        case .tune(_, let table, _, let recipe, let items):
            check(table)
            recipe.map { check($0) }
            for item in items {
                switch item {
                case .trials(let e), .parallel(let e), .seed(let e), .folds(let e): check(e)
                case .fixed(let setting): check(setting.value)
                case .range(_, .linear(let a, let b)), .range(_, .log(let a, let b)):
                    check(a)
                    check(b)
                case .range(_, .choices(let values)): values.forEach { check($0) }
                case .objective, .search, .prune: break
                }
            }
        }
    }

    /// Checks the names a step uses outside row expressions. Names inside
    /// `filter` and `derive` may be columns, which are checked when the step runs.
    private mutating func check(_ step: PipeStep) {
        switch step {
        case .take(let count): check(count)
        case .sample(let count, let seed):
            check(count)
            seed.map { check($0) }
        case .split(let share, _, let seed):
            check(share)
            seed.map { check($0) }
        case .save(let path): check(path)
        case .apply(let recipe): check(recipe)
        case .predict(let model, let threshold):
            check(model)
            threshold.map { check($0) }
        case .impute(.constant(let value), _): check(value)
        case .encodeOrdinal(_, let levels): levels.map { check($0) }
        case .select, .filter, .derive, .rename, .sort, .impute, .encodeOneHot, .scale: break
        }
    }
}
