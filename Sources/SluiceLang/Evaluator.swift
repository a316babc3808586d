import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import SluiceServe

/// Computes the values of expressions and binds names.
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
            return try load(path: path, options: options, span: expression.span)
        case .invoke(let name, let table):
            return try invoke(name: name, table: table)
        case .loadModel(let nameExpression, let versionExpression):
            let name = try text(nameExpression, "the model's name in quotes")
            var version: Int?
            if let versionExpression { version = try wholeNumber(versionExpression, "`version` needs a whole number") }
            do {
                return .model(try store.load(name, version: version).bundle.model)
            } catch {
                throw Diagnostic(.runtime, error.description, span: expression.span, label: "not in the model store",
                                 help: "`models` lists what the store at \(store.root) holds")
            }
        case .unary(let op, let operand):
            return try Arithmetic.apply(op, try evaluate(operand), span: expression.span)
        case .binary(let op, let left, let right):
            return try Arithmetic.apply(op, try evaluate(left), try evaluate(right), span: expression.span)
        case .pipe(let source, let step, let stepSpan):
            let input = try evaluate(source)
            if step.isRecipeStep {
                guard case .recipe(let recipe) = input else {
                    throw Diagnostic(.type, "`\(step.keyword)` is a recipe step, but the value before `|` is \(valueDescription(input))",
                                     span: source.span, label: "not a recipe", help: "start a recipe with `recipe | \(step.keyword) …`")
                }
                return .recipe(recipe.adding(try recipeStep(step)))
            }
            guard case .table(let table) = input else {
                throw Diagnostic(.type, "`\(step.keyword)` needs a table, but the value before `|` is \(valueDescription(input))",
                                 span: source.span, label: "not a table")
            }
            return try apply(step, to: table, span: stepSpan)
        case .recipe:
            return .recipe(Recipe())
        case .fit(let recipeExpression, let tableExpression, let target):
            guard case .recipe(let recipe) = try evaluate(recipeExpression) else {
                throw Diagnostic(.type, "`fit` needs a recipe", span: recipeExpression.span, label: "not a recipe")
            }
            guard case .table(let table) = try evaluate(tableExpression) else {
                throw Diagnostic(.type, "`fit` needs a table to learn from", span: tableExpression.span, label: "not a table")
            }
            if let target, table.column(named: target.text) == nil {
                throw unknownColumn(target, in: table)
            }
            do {
                return .fittedRecipe(try recipe.fit(on: table, target: target?.text))
            } catch {
                throw Diagnostic(.runtime, "cannot fit the recipe: \(error.description)", span: expression.span, label: "while fitting")
            }
        case .train(let algorithm, let tableExpression, let target, let recipeExpression, let settings):
            return try train(algorithm: algorithm, tableExpression: tableExpression, target: target,
                             recipeExpression: recipeExpression, settings: settings, span: expression.span)
        case .tune(let algorithm, let tableExpression, let target, let recipeExpression, let items):
            guard case .table(let table) = try evaluate(tableExpression) else {
                throw Diagnostic(.type, "`tune` needs a table to learn from", span: tableExpression.span, label: "not a table")
            }
            return .tuning(try tune(algorithm: algorithm, table: table, target: target, recipe: try recipe(recipeExpression),
                                    items: items, span: expression.span))
        case .call(let name, let arguments) where name.text == "input":
            let prompt = try text(arguments[0], "the prompt in quotes")
            guard let line = readInput(prompt) else {
                throw Diagnostic(.runtime, "this front end cannot ask for input", span: expression.span,
                                 label: "no input here", help: "in a notebook, allow stdin; in a script, write the value out")
            }
            return .string(line)
        case .column, .call, .isNull, .inList:
            throw Diagnostic(.type, "this is a row expression; use it inside `filter` or `derive`", span: expression.span,
                             label: "needs a table's rows")
        }
    }

    func unknownColumn(_ name: Name, in table: Table) -> Diagnostic {
        Diagnostic(.name, "unknown column `\(name.text)`", span: name.span, label: "not a column of the table",
                   help: didYouMean(name.text, among: table.columnNames))
    }

    private func recipeStep(_ step: PipeStep) throws(Diagnostic) -> RecipeStep {
        let names: ([Name]?) -> [String]? = { $0?.map(\.text) }
        switch step {
        case .impute(let strategy, let columns):
            switch strategy {
            case .mean: return .impute(.mean, columns: names(columns))
            case .median: return .impute(.median, columns: names(columns))
            case .mode: return .impute(.mode, columns: names(columns))
            case .constant(let expression):
                switch try evaluate(expression) {
                case .number(let x): return .impute(.constant(.number(x)), columns: names(columns))
                case .string(let text): return .impute(.constant(.text(text)), columns: names(columns))
                case let other:
                    throw Diagnostic(.type, "`impute constant` needs a number or text, not \(valueDescription(other))",
                                     span: expression.span, label: "expected a number or text")
                }
            }
        case .encodeOneHot(let columns):
            return .encodeOneHot(columns: names(columns))
        case .encodeOrdinal(let column, let levelsExpression):
            var levels: [String]?
            if let levelsExpression {
                guard case .list(let items) = try evaluate(levelsExpression),
                      let texts = Optional(items.compactMap { item -> String? in
                          if case .string(let text) = item { return text }
                          return nil
                      }), texts.count == items.count else {
                    throw Diagnostic(.type, "the levels of `encode ordinal` must be a list of text", span: levelsExpression.span,
                                     label: "expected [\"low\", \"high\"]")
                }
                levels = texts
            }
            return .encodeOrdinal(column: column.text, levels: levels)
        case .scale(let method, let columns):
            return .scale(method, columns: names(columns))
        default:
            preconditionFailure("not a recipe step: \(step.keyword)")
        }
    }

    private func apply(_ step: PipeStep, to table: Table, span: SourceSpan) throws(Diagnostic) -> Value {
        do {
            return try applyTableStep(step, to: table, span: span)
        } catch let error as Diagnostic {
            throw error
        } catch let error as TableError {
            throw Diagnostic(.name, error.description, span: span, label: "in this step")
        } catch {
            throw Diagnostic(.runtime, "\(error)", span: span)
        }
    }

    private func applyTableStep(_ step: PipeStep, to table: Table, span: SourceSpan) throws -> Value {
        let rows = ColumnEvaluator(table: table, bindings: bindings)
        switch step {
        case .take(let countExpression):
            return .table(table.head(try wholeNumber(countExpression, "`take` needs a whole number of rows")))
        case .select(let names, let drop):
            for name in names where table.column(named: name.text) == nil { throw unknownColumn(name, in: table) }
            let listed = names.map(\.text)
            return .table(drop ? try table.dropping(listed) : try table.selecting(listed))
        case .filter(let condition):
            let vector = try rows.evaluate(condition)
            switch vector {
            case .booleans(let keep, let nulls):
                return .table(table.filtered(keep.indices.map { keep[$0] && !nulls[$0] }))
            case .scalar(.boolean(let keep)):
                return .table(keep ? table : table.head(0))
            default:
                throw Diagnostic(.type, "`filter` needs a condition (true or false for each row), not \(vector.typeName)",
                                 span: condition.span, label: "not a condition", help: "compare something: `tenure > 12`")
            }
        case .derive(let derivations):
            var current = table
            for derivation in derivations {
                let vector = try ColumnEvaluator(table: current, bindings: bindings).evaluate(derivation.value)
                guard let column = vector.column(named: derivation.name.text, rowCount: current.rowCount) else {
                    throw Diagnostic(.type, "`\(derivation.name.text)` must be numbers, text or booleans", span: derivation.value.span)
                }
                current = try current.setting(column)
            }
            return .table(current)
        case .rename(let renamings):
            for renaming in renamings where table.column(named: renaming.from.text) == nil {
                throw unknownColumn(renaming.from, in: table)
            }
            return .table(try table.renaming(renamings.map { ($0.from.text, $0.to.text) }))
        case .sort(let keys):
            for key in keys where table.column(named: key.column.text) == nil { throw unknownColumn(key.column, in: table) }
            return .table(try table.sorted(by: keys.map { ($0.column.text, $0.descending) }))
        case .sample(let countExpression, let seedExpression):
            let seed = try seedExpression.map { try wholeNumber($0, "`seed` needs a whole number") } ?? 0
            let count: Int
            if case .percent = countExpression.kind {
                count = Int((try fraction(countExpression, "`sample` needs a percentage") * Double(table.rowCount)).rounded())
            } else {
                count = try wholeNumber(countExpression, "`sample` needs a whole number of rows or a percentage")
            }
            return .table(table.sample(count, seed: UInt64(seed)))
        case .split(let fractionExpression, let stratify, let seedExpression):
            let share = try fraction(fractionExpression, "`split` needs the share of the first table, such as 80%")
            guard share > 0, share < 1 else {
                throw Diagnostic(.type, "`split` needs a share between 0% and 100%", span: fractionExpression.span,
                                 label: "out of range")
            }
            if let stratify, table.column(named: stratify.text) == nil { throw unknownColumn(stratify, in: table) }
            let seed = try seedExpression.map { try wholeNumber($0, "`seed` needs a whole number") } ?? 0
            let (first, second) = try table.split(fraction: share, stratify: stratify?.text, seed: UInt64(seed))
            return .list([.table(first), .table(second)])
        case .save(let pathExpression):
            try save(table, to: pathExpression)
            return .table(table)
        case .apply(let recipeExpression):
            guard case .fittedRecipe(let recipe) = try evaluate(recipeExpression) else {
                throw Diagnostic(.type, "`apply` needs a fitted recipe", span: recipeExpression.span, label: "not a fitted recipe",
                                 help: "fit one first: `let prepared = fit prep on train_set`")
            }
            do {
                return .table(try recipe.apply(to: table))
            } catch {
                throw Diagnostic(.runtime, "cannot apply the recipe: \(error.description)", span: span, label: "while applying")
            }
        case .predict(let modelExpression, let thresholdExpression):
            guard let model = try evaluate(modelExpression).trainedModel else {
                throw Diagnostic(.type, "`predict` needs a model", span: modelExpression.span, label: "not a model",
                                 help: "train one first: `let model = train xgboost on train_set predicting churn`")
            }
            let threshold = try thresholdExpression.map { try fraction($0, "`threshold` needs a probability between 0 and 1") } ?? 0.5
            do {
                return .table(try model.predict(table, threshold: threshold))
            } catch {
                throw Diagnostic(.runtime, "cannot predict: \(error)", span: span, label: "while preparing the rows")
            }
        case .impute, .encodeOneHot, .encodeOrdinal, .scale:
            preconditionFailure("recipe steps are handled before")
        }
    }

    /// Trains a model; reports each round as progress and stops when interrupted.
    private func train(algorithm: Name, tableExpression: Expression, target: Name?, recipeExpression: Expression?,
                       settings: [Setting], span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .table(let table) = try evaluate(tableExpression) else {
            throw Diagnostic(.type, "`train` needs a table to learn from", span: tableExpression.span, label: "not a table")
        }
        let recipe = try recipe(recipeExpression)
        return .model(try trainModel(algorithm: algorithm, table: table, target: target, recipe: recipe, settings: settings,
                                     span: span, quiet: false))
    }

    /// Trains `algorithm` on a table; `quiet` hides its progress (tuning shows its own).
    func trainModel(algorithm: Name, table: Table, target: Name?, recipe: Recipe, settings: [Setting], span: SourceSpan,
                    quiet: Bool) throws(Diagnostic) -> TrainedModel {
        if algorithm.text == "kmeans" {
            return try trainKMeans(table, target: target, recipe: recipe, settings: settings, span: span, quiet: quiet)
        }
        guard let target else {
            throw Diagnostic(.syntax, "`\(algorithm.text)` needs `predicting COLUMN`", span: span, label: "no target",
                             help: "write `train \(algorithm.text) on train_set predicting churn`")
        }
        guard table.column(named: target.text) != nil else { throw unknownColumn(target, in: table) }
        if algorithm.text == "linear_learner" {
            return try trainLinear(table, target: target, recipe: recipe, settings: settings, span: span, quiet: quiet)
        }
        let configuration = try TrainingSettings(settings, evaluate: evaluate)
        let flag = interruptFlag
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try Training.boostedTrees(
                on: table, target: target.text, recipe: recipe, parameters: configuration.parameters,
                validation: configuration.validation, sluiceVersion: sluiceVersion,
                progress: { update in
                    let finished = update.round + 1 == update.rounds
                    guard display.shouldReport(finished: finished) else { return }
                    var message = "round \(update.round + 1)"
                    if update.record.training.isFinite { message += " · training loss \(formatStatistic(update.record.training))" }
                    if let validation = update.record.validation {
                        message += " · validation \(update.metric.rawValue) \(formatStatistic(validation))"
                    }
                    progress(ProgressReport(done: update.round + 1, total: update.rounds, message: message), display.id, finished)
                },
                shouldStop: { flag.isRequested })
            return model
        } catch {
            throw trainingFailure(error, span: span)
        }
    }

    /// `path`, taken from the working directory unless it is absolute.
    func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }

    /// The model store: `$SLUICE_HOME`, or `.sluice` in the working directory.
    var store: ModelStore { ModelStore.located(workingDirectory: workingDirectory) }

    /// Saves a new version of the model under the name `nameExpression` gives; returns the name and version.
    func saveModel(_ model: TrainedModel, as nameExpression: Expression) throws(Diagnostic) -> (String, Int) {
        let name = try text(nameExpression, "the model's name in quotes")
        do {
            return (name, try store.saveWithBaseline(model, as: name))
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "while saving")
        }
    }

    func text(_ expression: Expression, _ what: String) throws(Diagnostic) -> String {
        guard case .string(let text) = try evaluate(expression) else {
            throw Diagnostic(.type, "expected \(what)", span: expression.span, label: "expected text")
        }
        return text
    }

    /// The diagnostic for a training that stopped: interrupted, or failed.
    func trainingFailure(_ error: any Error, span: SourceSpan) -> Diagnostic {
        if case ModelError.interrupted? = error as? ModelError {
            return Diagnostic(.interrupted, "training interrupted", span: span, label: "stopped here; the session is intact")
        }
        return Diagnostic(.runtime, "cannot train: \(error)", span: span, label: "while training")
    }

    /// The recipe of a `using` clause (an empty one without it).
    private func recipe(_ expression: Expression?) throws(Diagnostic) -> Recipe {
        guard let expression else { return Recipe() }
        let value = try evaluate(expression)
        guard case .recipe(let recipe) = value else {
            throw Diagnostic(.type, "`using` needs a recipe, not \(valueDescription(value))", span: expression.span,
                             label: "not a recipe")
        }
        return recipe
    }

    private func trainLinear(_ table: Table, target: Name, recipe: Recipe, settings: [Setting],
                             span: SourceSpan, quiet: Bool) throws(Diagnostic) -> TrainedModel {
        let configuration = try LinearSettings(settings, evaluate: evaluate)
        let flag = interruptFlag
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try Training.linearLearner(
                on: table, target: target.text, recipe: recipe, parameters: configuration.parameters, loss: configuration.loss,
                sluiceVersion: sluiceVersion,
                progress: { done, total in
                    guard display.shouldReport(finished: false) else { return }
                    progress(ProgressReport(done: done, total: total, message: "iteration \(done)"), display.id, false)
                },
                shouldStop: { flag.isRequested })
            if !quiet, case .linear(let linear) = model.estimator {
                let total = linear.parameters.optimizer == .lbfgs ? linear.parameters.maxIterations : linear.parameters.epochs
                let state = linear.report.converged ? "converged" : "stopped"
                progress(ProgressReport(done: total, total: total, message: "\(state) after \(linear.report.iterations)"), display.id, true)
            }
            return model
        } catch {
            throw trainingFailure(error, span: span)
        }
    }

    private func trainKMeans(_ table: Table, target: Name?, recipe: Recipe, settings: [Setting],
                             span: SourceSpan, quiet: Bool) throws(Diagnostic) -> TrainedModel {
        if let target {
            throw Diagnostic(.syntax, "k-means learns without a target", span: target.span, label: "remove `predicting \(target.text)`",
                             help: "drop the column from the table if it should not shape the clusters: `select -[\(target.text)]`")
        }
        let configuration = try KMeansSettings(settings, span: span, rows: table.rowCount, evaluate: evaluate)
        let flag = interruptFlag
        var display = TrainingProgress(quiet: quiet)
        do {
            let model = try Training.kmeans(
                on: table, recipe: recipe, parameters: configuration.parameters, sluiceVersion: sluiceVersion,
                progress: { done, total in
                    guard display.shouldReport(finished: done == total) else { return }
                    progress(ProgressReport(done: done, total: total, message: "initialisation \(done) of \(total)"),
                             display.id, done == total)
                },
                shouldStop: { flag.isRequested })
            return model
        } catch {
            throw trainingFailure(error, span: span)
        }
    }

    /// Writes a model in XGBoost's JSON format to the path that `pathExpression` gives, and returns that path.
    func saveModel(_ model: TrainedModel, to pathExpression: Expression) throws(Diagnostic) -> String {
        guard case .string(let path) = try evaluate(pathExpression) else {
            throw Diagnostic(.type, "the path to save to must be text in quotes", span: pathExpression.span, label: "expected a path")
        }
        guard case .boostedTrees(let trees) = model.estimator else {
            throw Diagnostic(.type, "only xgboost models can be written in XGBoost's format", span: pathExpression.span)
        }
        let fullPath = absolutePath(path)
        do {
            try AtomicFile.write(Data(XGBoostExport.json(for: trees).utf8), to: fullPath)
        } catch {
            throw Diagnostic(.runtime, "cannot save to \"\(path)\": \(error.localizedDescription)", span: pathExpression.span,
                             label: "while writing")
        }
        return path
    }

    /// Writes `table` as CSV to the path that `pathExpression` gives, and returns that path.
    @discardableResult
    func save(_ table: Table, to pathExpression: Expression) throws(Diagnostic) -> String {
        guard case .string(let path) = try evaluate(pathExpression) else {
            throw Diagnostic(.type, "the path to save to must be text in quotes", span: pathExpression.span, label: "expected a path")
        }
        let fullPath = absolutePath(path)
        do {
            try CSVWriter.write(table, to: fullPath)
        } catch {
            throw Diagnostic(.runtime, "cannot save to \"\(path)\": \(error)", span: pathExpression.span, label: "while writing")
        }
        return path
    }

    func wholeNumber(_ expression: Expression, _ message: String) throws(Diagnostic) -> Int {
        let value = try evaluate(expression)
        guard case .number(let n) = value, n >= 0, n == n.rounded(), n < 1e15 else {
            throw Diagnostic(.type, "\(message), not \(valueDescription(value))", span: expression.span, label: "expected a whole number")
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

    private func load(path pathExpression: Expression, options: [Setting], span: SourceSpan) throws(Diagnostic) -> Value {
        guard case .string(let path) = try evaluate(pathExpression) else {
            throw Diagnostic(.type, "`load` needs a path in quotes", span: pathExpression.span, label: "expected a string")
        }
        if let remote = LoadOptions.remotePathError(path, span: pathExpression.span) { throw remote }
        let csvOptions = try LoadOptions.csvOptions(from: options, evaluate: evaluate)
        let fullPath = absolutePath(path)
        let flag = interruptFlag
        do {
            let result = try CSVReader.read(path: fullPath, options: csvOptions, shouldStop: { flag.isRequested })
            if result.skippedCount > 0, let first = result.skippedExamples.first {
                let records = result.skippedCount == 1 ? "1 malformed record" : "\(result.skippedCount) malformed records"
                warn("skipped \(records) in \"\(path)\"; the first, at line \(first.line), column \(first.column): \(first.message)")
            }
            return .table(result.table)
        } catch let error as CSVError {
            let location = error.column > 0 ? " at line \(error.line), column \(error.column)" : ""
            throw Diagnostic(.runtime, "cannot load \"\(path)\"\(location): \(error.message)", span: span,
                             label: "while loading this file",
                             help: error.message.contains("does not exist") ? "paths are relative to \(workingDirectory)" : nil)
        } catch is CancellationError {
            throw Diagnostic(.interrupted, "interrupted while loading \"\(path)\"", span: span, label: "stopped here")
        } catch {
            throw Diagnostic(.runtime, "cannot load \"\(path)\": \(error)", span: span)
        }
    }
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
