import SluiceData
import SluiceStorage

/// Checks a parsed cell before anything runs: every name must be bound by an
/// earlier statement or an earlier cell, and every column a step, a row
/// expression or a `predicting` names must be in its table, whose columns are
/// followed through the pipeline from the file's header or the bound table.
/// So a typo in the last line is reported before the first line starts a long job.
struct Resolver {
    /// What is known of each name bound so far; `let` adds to it.
    var known: [String: StaticValue]
    private let workingDirectory: String
    private(set) var diagnostics: [Diagnostic] = []

    /// The problems in `statements`, given the values bound before them and the directory relative paths start at.
    static func check(_ statements: [Statement], bound: [String: StaticValue], workingDirectory: String) -> [Diagnostic] {
        var resolver = Resolver(bound: bound, workingDirectory: workingDirectory)
        resolver.check(statements)
        return resolver.diagnostics
    }

    /// A resolver that knows `bound`; its `known` grows as it checks statements.
    init(bound: [String: StaticValue], workingDirectory: String) {
        known = bound
        self.workingDirectory = workingDirectory
    }

    /// Checks statements in order, learning what each binds.
    mutating func check(_ statements: [Statement]) {
        for statement in statements { statement.node.check(&self) }
    }

    /// Checks an expression and tells what its value will be.
    @discardableResult
    mutating func check(_ expression: Expression) -> StaticValue {
        switch expression.kind {
        case .number, .percent, .string, .boolean, .null:
            return .scalar
        case .name(let name):
            if let value = known[name] { return value }
            report(.name, "unknown name `\(name)`", expression.span, label: "not bound",
                   help: didYouMean(name, among: Set(known.keys)) ?? "bind it first: `let \(name) = …`")
            return .other
        case .list(let items):
            items.forEach { check($0) }
            return .other
        case .record(let settings):
            settings.forEach { check($0.value) }
            return .other
        case .load(let path, let options):
            check(path)
            options.forEach { check($0.value) }
            return .table(loadSchema(path: path, options: options))
        case .loadModel(let name, let version):
            check(name)
            check(version)
            return .other
        case .invoke(let name, let table, _):
            check(name)
            check(table)
            return .table(nil)
        case .runs:
            // Its metric and parameter columns depend on the runs recorded, known when it runs.
            return .table(nil)
        case .evaluate(let models, let table, let threshold):
            models.forEach { check($0) }
            check(table)
            check(threshold)
            // Its metrics depend on the models' task, known when it runs.
            return .table(nil)
        case .unary(_, let operand):
            check(operand)
            return .scalar
        case .binary(_, let left, let right):
            check(left)
            check(right)
            return .scalar
        case .pipe(let source, let step, _):
            return check(step, on: check(source))
        case .recipe:
            return .recipe([])
        case .column:
            return .other
        case .call(_, let arguments):
            arguments.forEach { check($0) }
            return .scalar
        case .isNull(let operand, _):
            check(operand)
            return .scalar
        case .inList(let operand, let items, _):
            check(operand)
            items.forEach { check($0) }
            return .scalar
        case .fit(let recipe, let table, let target):
            let recipeValue = check(recipe)
            let tableValue = check(table)
            checkTarget(target, of: tableValue)
            checkRecipeColumns(recipeValue, of: tableValue)
            return .other
        case .train(let algorithm, let table, let target, let recipe, let settings):
            let tableValue = check(table)
            checkTarget(target, of: tableValue)
            if let recipe { checkRecipeColumns(check(recipe), of: tableValue) }
            settings.forEach { check($0.value) }
            checkSettings(settings.filter { $0.name.text != ClusterJobs.instancesSetting }, algorithm: algorithm, span: expression.span)
            return .other
        case .crossvalidate(let algorithm, let table, let target, let recipe, let settings, let folds):
            let tableValue = check(table)
            checkTarget(target, of: tableValue)
            if let recipe { checkRecipeColumns(check(recipe), of: tableValue) }
            settings.forEach { check($0.value) }
            check(folds)
            checkSettings(settings, algorithm: algorithm, span: expression.span)
            // A row per fold; its metrics depend on the task, known when it runs.
            return .table(nil)
        case .tune(let algorithm, let table, let target, let recipe, let items):
            let tableValue = check(table)
            checkTarget(target, of: tableValue)
            if let recipe { checkRecipeColumns(check(recipe), of: tableValue) }
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
            checkTuneItems(items, algorithm: algorithm, span: expression.span)
            return .other
        }
    }

    /// Checks an optional part of a statement (a seed, a threshold, a version).
    mutating func check(_ expression: Expression?) {
        if let expression { check(expression) }
    }

    /// `predicting COLUMN` must name a column of the training table.
    private mutating func checkTarget(_ target: Name?, of table: StaticValue) {
        guard let target, case .table(let schema?) = table else { return }
        checkColumn(target, in: schema)
    }

    /// The columns a recipe of this cell names must be in the table it is fitted on (an encoded
    /// column's new names, with `=`, are the recipe's own and not checked).
    private mutating func checkRecipeColumns(_ recipe: StaticValue, of table: StaticValue) {
        guard case .recipe(let names) = recipe, case .table(let schema?) = table else { return }
        for name in names where !name.text.contains("=") { checkColumn(name, in: schema) }
    }

    /// Reports `name` when the table's columns are known and it is not one of them.
    mutating func checkColumn(_ name: Name, in schema: Schema) {
        guard !schema.open, !schema.has(name.text) else { return }
        report(.name, "unknown column `\(name.text)`", name.span, label: schema.notAColumnLabel,
               help: didYouMean(name.text, among: schema.columns))
    }

    /// Whether `name` is bound (by an earlier cell or statement).
    func isBound(_ name: String) -> Bool { known[name] != nil }

    /// The bound numbers, strings and booleans, which row expressions may use beside columns.
    var scalarNames: [String] {
        known.compactMap { name, value in if case .scalar = value { name } else { nil } }.sorted()
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func report(_ category: Diagnostic.Category, _ message: String, _ span: SourceSpan, label: String, help: String? = nil) {
        diagnostics.append(Diagnostic(category, message, span: span, label: label, help: help))
    }

    /// The columns `load` will give, from the file's header, when the path and options are written out and
    /// the file can be read; nil otherwise (the load itself then reports what is wrong). The options are
    /// checked as `load` checks them, and the names in `types` against the columns.
    private mutating func loadSchema(path: Expression, options: [Setting]) -> Schema? {
        guard case .string(let file) = path.kind else { return nil }
        // A location that cannot be one is reported now. A glob is not listed before the run, nor is an
        // object in S3 read without credentials (no false alarms); with them, its header is.
        let location: StorageLocation
        do {
            location = try StorageLocation(file)
        } catch {
            report(Diagnostic(.runtime, error.message, span: path.span, label: "not a location"))
            return nil
        }
        if Storage.isPattern(file) { return nil }
        if case .s3 = location, !Storage.hasCredentials { return nil }
        guard options.allSatisfy({ Self.literal($0.value) != nil }) else { return nil }
        var csvOptions: CSVOptions
        do throws(Diagnostic) {
            csvOptions = try LoadOptions.csvOptions(from: options, evaluate: Self.evaluateLiteral)
        } catch {
            report(error)
            return nil
        }
        csvOptions.types = [:]  // checked below, with their spans
        let readable: StorageLocation = switch location {
        case .local(let local): .local(local.hasPrefix("/") ? local : workingDirectory + "/" + local)
        case .s3: location
        }
        guard let names = try? CSVReader.columnNames(location: readable, options: csvOptions) else { return nil }
        let schema = Schema(columns: names, origin: "\"\(file)\"")
        for case .record(let fields) in options.filter({ $0.name.text == "types" }).map(\.value.kind) {
            for field in fields { checkColumn(field.name, in: schema) }
        }
        return schema
    }
}
