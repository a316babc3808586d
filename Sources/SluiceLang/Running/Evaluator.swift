import Foundation
import SluiceData
import SluiceStorage
import SluiceDisplay
import SluiceML
import SluiceTracking

/// Computes the values of expressions and binds names. The work of statements and steps lives in their
/// own types (Statements/, Steps/) and in the runners here: ``Loading``, ``ModelTraining``, ``Tuning``,
/// ``Saving`` and ``Deployment``.
struct Evaluator {
    private(set) var bindings: [String: Value]
    let workingDirectory: String
    let interruptFlag: InterruptFlag
    /// Shows a warning (a statement that succeeded with something worth knowing).
    let warn: (String) -> Void
    /// Shows the progress of long work.
    let progress: (ProgressReport, String, Bool) -> Void
    /// Asks the person at the front end for a line of text (nil when it cannot).
    var readInput: (String) -> String? = { _ in nil }
    /// The ranks training shares rows with (one process alone by default).
    var collective: any Collective = LocalCollective()
    /// What `evaluate` measured of bound models, for `save … as`.
    var evaluations = EvaluationsByName()
    /// Writes the runs of `train`, `tune`, `crossvalidate` and `evaluate`, and knows where bound tables came from.
    var recorder = RunRecorder()

    init(bindings: [String: Value], workingDirectory: String, interruptFlag: InterruptFlag,
         warn: @escaping (String) -> Void, progress: @escaping (ProgressReport, String, Bool) -> Void) {
        self.bindings = bindings
        self.workingDirectory = workingDirectory
        self.interruptFlag = interruptFlag
        self.warn = warn
        self.progress = progress
    }

    mutating func bind(_ names: [Name], to expression: Expression) throws(Diagnostic) {
        let value = try evaluate(expression)
        evaluations.forget(names.map(\.text))
        recorder.bound(names.map(\.text), source: recording.source(of: expression))
        guard names.count > 1 else {
            bindings[names[0].text] = value
            return
        }
        guard case .list(let items) = value, items.count == names.count else {
            throw Diagnostic(.type, "`let` binds \(names.count) names but the value is \(valueDescription(value))",
                             span: expression.span, label: "expected \(names.count) values")
        }
        for (name, item) in zip(names, items) { bindings[name.text] = item }
    }

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        switch expression.kind {
        case .number(let value): return .number(value)
        case .percent(let value): return .number(value / 100)
        case .string(let text): return .string(text)
        case .boolean(let value): return .boolean(value)
        case .null: return .null
        case .name(let name):
            // The resolver has checked every name before the run.
            return bindings[name]!
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .record(let settings):
            var fields: [String: Value] = [:]
            for setting in settings {
                guard fields[setting.name.text] == nil else {
                    throw Diagnostic(.syntax, "`\(setting.name.text)` is given twice", span: setting.name.span,
                                     label: "already set in this record")
                }
                fields[setting.name.text] = try evaluate(setting.value)
            }
            return .record(fields)
        case .load(let path, let options):
            return try loading.load(path: path, options: options, span: expression.span)
        case .loadModel(let name, let version):
            return try loading.loadModel(name: name, version: version, span: expression.span)
        case .invoke(let name, let table, let by):
            return try deployment.invoke(name: name, table: table, by: by)
        case .runs:
            do {
                return .table(RunTable.table(of: try recorder.runs(storeRoot: store.root)))
            } catch {
                throw Diagnostic(.runtime, "cannot read the runs: \(error.message)", span: expression.span, label: "while reading the store")
            }
        case .crossvalidate(let algorithm, let tableExpression, let target, let recipeExpression, let settings, let folds):
            let table = try table(tableExpression, "`crossvalidate` needs a table to learn from")
            return .crossValidation(try CrossValidating(evaluator: self).run(
                algorithm: algorithm, table: table, data: tableExpression, target: target, recipe: try training.recipe(recipeExpression),
                settings: settings, folds: folds, span: expression.span))
        case .evaluate(let models, let tableExpression, let threshold):
            return .evaluation(try ModelEvaluating(evaluator: self).evaluate(models, on: tableExpression, threshold: threshold, span: expression.span))
        case .unary(let op, let operand):
            return try Arithmetic.apply(op, try evaluate(operand), span: expression.span)
        case .binary(let op, let left, let right):
            return try Arithmetic.apply(op, try evaluate(left), try evaluate(right), span: expression.span)
        case .pipe(let source, let step, let stepSpan):
            return try apply(step, to: try evaluate(source), sourceSpan: source.span, stepSpan: stepSpan)
        case .recipe:
            return .recipe(Recipe())
        case .fit(let recipeExpression, let tableExpression, let target):
            guard case .recipe(let recipe) = try evaluate(recipeExpression) else {
                throw Diagnostic(.type, "`fit` needs a recipe", span: recipeExpression.span, label: "not a recipe")
            }
            let table = try table(tableExpression, "`fit` needs a table to learn from")
            if let target, table.column(named: target.text) == nil { throw unknownColumn(target, in: table) }
            do {
                return .fittedRecipe(try recipe.fit(on: table, target: target?.text))
            } catch {
                throw Diagnostic(.runtime, "cannot fit the recipe: \(error.description)", span: expression.span, label: "while fitting")
            }
        case .train(let algorithm, let tableExpression, let target, let recipeExpression, let settings):
            let started = Date()
            let recipe = try training.recipe(recipeExpression)
            // Evaluated once: a `load` here reads its file once.
            let source = try evaluate(tableExpression)
            if case .string = source {
                let model = try DistributedTraining(evaluator: self).train(
                    algorithm: algorithm, source: tableExpression, target: target, recipe: recipe, settings: settings, span: expression.span)
                return .model(recording.trained(model, started: started, settings: settings, recipe: recipe, data: tableExpression))
            }
            if let instances = settings.first(where: { $0.name.text == ClusterJobs.instancesSetting }) {
                throw Diagnostic(.type, "`instances` needs data where it lies: `train \(algorithm.text) on \"PATH\"`",
                                 span: instances.name.span, label: "the table is in this session",
                                 help: "each rank reads its shard of files or S3 objects; a table here is one process's")
            }
            guard case .table(let table) = source else {
                throw Diagnostic(.type, "`train` needs a table to learn from", span: tableExpression.span, label: "not a table")
            }
            let model = try training.trainModel(algorithm: algorithm, table: table, target: target, recipe: recipe, settings: settings,
                                                span: expression.span, quiet: false)
            return .model(recording.trained(model, started: started, settings: settings, recipe: recipe, data: tableExpression))
        case .tune(let algorithm, let tableExpression, let target, let recipeExpression, let items):
            let table = try table(tableExpression, "`tune` needs a table to learn from")
            return .tuning(try tuning.tune(algorithm: algorithm, table: table, data: tableExpression, target: target,
                                           recipe: try training.recipe(recipeExpression), items: items, span: expression.span))
        case .call(let name, let arguments) where name.text == "input":
            let prompt = try text(arguments[0], "the prompt in quotes")
            guard let line = readInput(prompt) else {
                if interruptFlag.isRequested {
                    throw Diagnostic(.interrupted, "interrupted while waiting for input", span: expression.span, label: "no answer")
                }
                throw Diagnostic(.runtime, "this front end cannot ask for input", span: expression.span,
                                 label: "no input here", help: "in a notebook, allow stdin; in a script, write the value out")
            }
            return .string(line)
        case .call, .isNull, .inList:
            // Row functions of values (`text(5)`, `round(x, 2)` of a bound number): one row without columns.
            return try ColumnEvaluator(bindings: bindings).evaluate(expression).value(at: 0)
        case .column:
            throw Diagnostic(.type, "this is a row expression; use it inside `filter` or `derive`", span: expression.span,
                             label: "needs a table's rows")
        }
    }

    /// Applies a step after `|` to the value before it: a recipe step to a recipe, a table step to a table.
    private func apply(_ step: PipeStep, to input: Value, sourceSpan: SourceSpan, stepSpan: SourceSpan) throws(Diagnostic) -> Value {
        switch step.form {
        case .recipe(let recipeStep):
            guard case .recipe(let recipe) = input else {
                throw Diagnostic(.type, "`\(step.keyword)` is a recipe step, but the value before `|` is \(valueDescription(input))",
                                 span: sourceSpan, label: "not a recipe", help: "start a recipe with `recipe | \(step.keyword) …`")
            }
            return .recipe(recipe.adding(try recipeStep.recipeStep(self)))
        case .table(let tableStep):
            guard let table = input.table else {
                throw Diagnostic(.type, "`\(step.keyword)` needs a table, but the value before `|` is \(valueDescription(input))",
                                 span: sourceSpan, label: "not a table")
            }
            do {
                return try tableStep.apply(to: table, self, span: stepSpan)
            } catch let error as Diagnostic {
                throw error
            } catch let error as TableError {
                throw Diagnostic(.name, error.description, span: stepSpan, label: "in this step")
            } catch {
                throw Diagnostic(.runtime, "\(error)", span: stepSpan)
            }
        }
    }

    // MARK: - Runners

    var loading: Loading { Loading(evaluator: self) }
    var training: ModelTraining { ModelTraining(evaluator: self) }
    var tuning: Tuning { Tuning(evaluator: self) }
    var saving: Saving { Saving(evaluator: self) }
    var deployment: Deployment { Deployment(evaluator: self) }
    var recording: RunRecording { RunRecording(evaluator: self) }

    // MARK: - Values of a kind

    /// The model that `expression` gives (a trained or tuned one), or `message` at its place.
    func model(_ expression: Expression, _ message: String) throws(Diagnostic) -> TrainedModel {
        guard let model = try evaluate(expression).trainedModel else {
            throw Diagnostic(.type, message, span: expression.span, label: "not a model")
        }
        return model
    }

    /// The model that `expression` gives with what `evaluate` last measured of it when it is a bound name: what
    /// the store keeps (`save … as`, `deploy`).
    func modelToStore(_ expression: Expression, _ message: String) throws(Diagnostic) -> TrainedModel {
        var model = try self.model(expression, message)
        if case .name(let bound) = expression.kind, let score = evaluations.score(for: bound) { model.heldOut = score }
        return model
    }

    /// The table that `expression` gives, or `message` at its place.
    func table(_ expression: Expression, _ message: String) throws(Diagnostic) -> Table {
        guard let table = try evaluate(expression).table else {
            throw Diagnostic(.type, message, span: expression.span, label: "not a table")
        }
        return table
    }

    func text(_ expression: Expression, _ what: String) throws(Diagnostic) -> String {
        guard case .string(let text) = try evaluate(expression) else {
            throw Diagnostic(.type, "expected \(what)", span: expression.span, label: "expected text")
        }
        return text
    }

    func wholeNumber(_ expression: Expression, _ message: String) throws(Diagnostic) -> Int {
        let value = try evaluate(expression)
        guard case .number(let n) = value, n >= 0, n == n.rounded() else {
            throw Diagnostic(.type, "\(message), not \(valueDescription(value))", span: expression.span, label: "expected a whole number")
        }
        guard n < 1e15 else {
            throw Diagnostic(.type, "\(message) below 10^15, not \(formatStatistic(n))", span: expression.span, label: "too large")
        }
        return Int(n)
    }

    func fraction(_ expression: Expression, _ message: String) throws(Diagnostic) -> Double {
        let value = try evaluate(expression)
        guard case .number(let x) = value, x >= 0, x <= 1 else {
            throw Diagnostic(.type, "\(message), not \(valueDescription(value))", span: expression.span, label: "expected a percentage")
        }
        return x
    }

    func unknownColumn(_ name: Name, in table: Table) -> Diagnostic {
        Diagnostic(.name, "unknown column `\(name.text)`", span: name.span, label: "not a column of the table",
                   help: didYouMean(name.text, among: table.columnNames))
    }

    // MARK: - Places

    /// `path`, taken from the working directory unless it is absolute.
    func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }

    /// Where `path` points: an `s3://` object, or a local file relative to the working directory.
    func location(_ path: String, span: SourceSpan) throws(Diagnostic) -> StorageLocation {
        do {
            switch try StorageLocation(path) {
            case .local(let local): return .local(absolutePath(local))
            case let remote: return remote
            }
        } catch {
            throw Diagnostic(.runtime, error.message, span: span, label: "not a location")
        }
    }

    /// The model store: `$SLUICE_HOME`, or `.sluice` in the working directory.
    var store: ModelStore { ModelStore.located(workingDirectory: workingDirectory) }
}

/// A short description of a value for messages: `a table`, `the number 3`.
func valueDescription(_ value: Value) -> String {
    switch value {
    case .table: "a table"
    case .list(let items): "a list of \(items.count)"
    case .null: "null"
    default: "the \(value.typeName) \(value.literalText)"
    }
}
