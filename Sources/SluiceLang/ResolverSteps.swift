/// How pipeline steps change a table's columns, and the columns they and their row expressions name.
extension Resolver {
    /// Checks `step` applied to `input` and tells what comes out.
    mutating func check(_ step: PipeStep, on input: StaticValue) -> StaticValue {
        if case .recipe(let names) = input {
            checkNames(in: step)
            switch step {
            case .impute(_, let columns?), .encodeOneHot(let columns?), .scale(_, let columns?): return .recipe(names + columns)
            case .encodeOrdinal(let column, _): return .recipe(names + [column])
            case .impute, .encodeOneHot, .scale: return input
            default: return .other
            }
        }
        guard case .table(let schema) = input else {
            checkNames(in: step)
            return .other
        }
        switch step {
        case .take(let count):
            check(count)
            return input
        case .sample(let count, let seed):
            check(count)
            check(seed)
            return input
        case .save(let path):
            check(path)
            return input
        case .select(let names, let drop):
            if let schema { names.forEach { checkColumn($0, in: schema) } }
            if drop {
                guard var kept = schema else { return .table(nil) }
                kept.columns.removeAll { column in names.contains { $0.text == column } }
                return .table(kept)
            }
            return .table(Schema(columns: names.map(\.text), origin: schema?.origin))
        case .filter(let condition):
            checkRow(condition, in: schema)
            return input
        case .derive(let derivations):
            var current = schema
            for derivation in derivations {
                checkRow(derivation.value, in: current)
                if current?.has(derivation.name.text) == false { current?.columns.append(derivation.name.text) }
            }
            return .table(current)
        case .rename(let renamings):
            var current = schema
            for renaming in renamings {
                if let current { checkColumn(renaming.from, in: current) }
                if let index = current?.columns.firstIndex(of: renaming.from.text) { current?.columns[index] = renaming.to.text }
            }
            return .table(current)
        case .sort(let keys):
            if let schema { keys.forEach { checkColumn($0.column, in: schema) } }
            return input
        case .split(let share, let stratify, let seed):
            check(share)
            check(seed)
            if let schema, let stratify { checkColumn(stratify, in: schema) }
            return .tables(schema, count: 2)
        case .apply(let recipe):
            check(recipe)
            return .table(nil)
        case .predict(let model, let threshold):
            check(model)
            check(threshold)
            guard var extended = schema else { return .table(nil) }
            extended.open = true
            return .table(extended)
        case .impute, .encodeOneHot, .encodeOrdinal, .scale:
            checkNames(in: step)
            return .other
        }
    }

    /// A row expression: a plain name is a column of the table when it has one, else a bound value;
    /// a backquoted name is always a column.
    private mutating func checkRow(_ expression: Expression, in schema: Schema?) {
        switch expression.kind {
        case .name(let name):
            if schema?.has(name) == true || isBound(name) { return }
            guard let schema, !schema.open else { return }
            report(.name, "unknown column `\(name)`", expression.span, label: schema.notAColumnLabel,
                   help: didYouMean(name, among: schema.columns + scalarNames) ?? "bind it first, or check the column's name")
        case .column(let name):
            if let schema { checkColumn(Name(text: name, span: expression.span), in: schema) }
        case .unary(_, let operand), .isNull(let operand, _):
            checkRow(operand, in: schema)
        case .binary(_, let left, let right):
            checkRow(left, in: schema)
            checkRow(right, in: schema)
        case .call(let name, _) where valueFunctions[name.text] != nil:
            report(Self.valueFunctionInRow(name, span: expression.span))
        case .call(_, let arguments):
            arguments.forEach { checkRow($0, in: schema) }
        case .inList(let operand, let items, _):
            checkRow(operand, in: schema)
            items.forEach { checkRow($0, in: schema) }
        case .list(let items):
            items.forEach { checkRow($0, in: schema) }
        default:
            check(expression)
        }
    }

    /// The error for a function of a whole value (`input`) used in a row expression.
    static func valueFunctionInRow(_ name: Name, span: SourceSpan) -> Diagnostic {
        Diagnostic(.type, "`\(name.text)` gives one value, not one per row", span: span, label: "not a row function",
                   help: "bind it first: `let answer = \(name.text)(\"…\")`")
    }

    /// Checks the names a step uses outside row expressions, when its input is not a known table.
    private mutating func checkNames(in step: PipeStep) {
        switch step {
        case .take(let count): check(count)
        case .sample(let count, let seed):
            check(count)
            check(seed)
        case .split(let share, _, let seed):
            check(share)
            check(seed)
        case .save(let path): check(path)
        case .apply(let recipe): check(recipe)
        case .predict(let model, let threshold):
            check(model)
            check(threshold)
        case .impute(.constant(let value), _): check(value)
        case .encodeOrdinal(_, let levels): check(levels)
        case .select, .filter, .derive, .rename, .sort, .impute, .encodeOneHot, .scale: break
        }
    }
}
