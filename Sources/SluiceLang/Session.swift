import Foundation
import SluiceDisplay

/// One interpreter session: the values bound so far and the place relative
/// paths start from. The REPL, the kernel and scripts each drive one.
///
/// A session runs on one thread at a time; only ``interruptFlag`` may be
/// touched from others.
public final class Session {
    /// Set from any thread to stop the running cell; it then fails with an
    /// `Interrupted` diagnostic and the session keeps every value bound before.
    public let interruptFlag = InterruptFlag()
    /// Where relative paths in `load` start from.
    public var workingDirectory: String
    /// The values bound so far, by name.
    public private(set) var bindings: [String: Value] = [:]
    /// What the resolver knows of the bound values: tables' columns, scalars, the rest.
    var staticBindings: [String: StaticValue] {
        bindings.reduce(into: [:]) { $0[$1.key] = StaticValue($1.value, name: $1.key) }
    }

    /// The width of the text display (a terminal's columns): wide tables show the columns that fit.
    public var textWidth: Int?
    /// Called after each statement with its first line and how long it took, in seconds.
    public var statementFinished: ((_ line: Int, _ seconds: Double) -> Void)?

    /// Creates a session whose relative paths start at `workingDirectory`.
    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = workingDirectory
    }

    /// Runs `source` (a cell, a REPL entry or a script).
    ///
    /// Every statement is parsed and its names checked before any runs. Bare
    /// expressions other than the last are shown through `sink`; the last
    /// statement's value, when it is a bare expression, is returned for the
    /// front end to show as the result.
    ///
    /// - Throws: ``SluiceError`` with every syntax and name error, or with the
    ///   one runtime error that stopped the run.
    @discardableResult
    public func run(_ source: String, sourceName: String, sink: OutputSink) throws(SluiceError) -> Value? {
        interruptFlag.clear()
        let (statements, syntaxErrors) = Parser.parse(source)
        let problems = syntaxErrors.isEmpty ? Resolver.check(
            statements, bound: staticBindings,
            workingDirectory: workingDirectory) : syntaxErrors
        guard problems.isEmpty else {
            throw SluiceError(diagnostics: problems, source: source, sourceName: sourceName)
        }
        var evaluator = Evaluator(bindings: bindings, workingDirectory: workingDirectory, interruptFlag: interruptFlag,
                                  warn: { sink.write("warning: \($0)\n", to: .stderr) },
                                  progress: { sink.progress($0, id: $1, finished: $2) })
        evaluator.readInput = { sink.readInput(prompt: $0) }
        defer { bindings = evaluator.bindings }
        do throws(Diagnostic) {
            for (position, statement) in statements.enumerated() {
                let isLast = position == statements.count - 1
                let started = DispatchTime.now().uptimeNanoseconds
                defer {
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    statementFinished?(statement.span.start.line, seconds)
                }
                switch statement.kind {
                case .bind(let names, let expression):
                    try evaluator.bind(names, to: expression)
                case .print(let expression, let toStandardError):
                    let value = try evaluator.evaluate(expression)
                    sink.write(value.printedText + "\n", to: toStandardError ? .stderr : .stdout)
                case .expression(let expression):
                    let value = try evaluator.evaluate(expression)
                    if isLast { return value }
                    sink.display(value.displayBundle(textWidth: textWidth))
                case .describe(let expression):
                    guard case .table(let table) = try evaluator.evaluate(expression) else {
                        throw Diagnostic(.type, "`describe` needs a table", span: expression.span, label: "not a table")
                    }
                    sink.display(ProfileRenderer().bundle(for: table.profile(), rowCount: table.rowCount))
                case .saveAs(let expression, let name):
                    guard let model = try evaluator.evaluate(expression).trainedModel else {
                        throw Diagnostic(.type, "`save … as` stores models; save a table with `save … to \"file.csv\"`",
                                         span: expression.span, label: "not a model")
                    }
                    let (saved, version) = try evaluator.saveModel(model, as: name)
                    sink.write("saved \(saved) v\(version) in \(evaluator.store.root)\n", to: .stdout)
                case .importance(let modelExpression):
                    guard let model = try evaluator.evaluate(modelExpression).trainedModel else {
                        throw Diagnostic(.type, "`importance` needs a model", span: modelExpression.span, label: "not a model")
                    }
                    do {
                        sink.display(ImportanceRenderer().bundle(for: try model.importance(), algorithm: model.algorithm))
                    } catch {
                        throw Diagnostic(.runtime, "\(error)", span: statement.span, label: "no importance")
                    }
                case .evaluate(let modelExpression, let tableExpression, let thresholdExpression):
                    guard let model = try evaluator.evaluate(modelExpression).trainedModel else {
                        throw Diagnostic(.type, "`evaluate` needs a model", span: modelExpression.span, label: "not a model")
                    }
                    guard case .table(let table) = try evaluator.evaluate(tableExpression) else {
                        throw Diagnostic(.type, "`evaluate` needs a table to evaluate on", span: tableExpression.span, label: "not a table")
                    }
                    var threshold = 0.5
                    if let thresholdExpression {
                        guard case .number(let x) = try evaluator.evaluate(thresholdExpression), x >= 0, x <= 1 else {
                            throw Diagnostic(.type, "`threshold` must be a probability between 0 and 1", span: thresholdExpression.span,
                                             label: "expected a number in [0, 1]")
                        }
                        threshold = x
                    }
                    do {
                        sink.display(EvaluationRenderer().bundle(for: try model.evaluate(on: table, threshold: threshold)))
                    } catch {
                        throw Diagnostic(.runtime, "cannot evaluate: \(error)", span: statement.span, label: "while evaluating")
                    }
                case .deploy(let model, let name, let port, let capture):
                    sink.write(try evaluator.deploy(model: model, name: name, port: port, capture: capture) + "\n", to: .stdout)
                case .undeploy(let name):
                    sink.write(try evaluator.undeploy(name) + "\n", to: .stdout)
                case .listEndpoints:
                    if let table = evaluator.endpointTable() {
                        sink.display(Value.table(table).displayBundle(textWidth: textWidth))
                    } else {
                        sink.write("no endpoints are deployed from \(evaluator.store.root)\n", to: .stdout)
                    }
                case .transform(let input, let model, let output, let joinInput, let batch):
                    let id = "transform-\(UUID().uuidString)"
                    let line = try evaluator.transform(input: input, model: model, output: output, joinInput: joinInput, batch: batch,
                                                       progress: { sink.progress($0, id: id, finished: $1) })
                    sink.write(line + "\n", to: .stdout)
                case .monitorEndpoint(let name, let model, let threshold):
                    sink.display(MonitoringRenderer().bundle(for: try evaluator.monitor(endpoint: name, model: model, table: nil, threshold: threshold)))
                case .monitorTable(let model, let table, let threshold):
                    sink.display(MonitoringRenderer().bundle(for: try evaluator.monitor(endpoint: nil, model: model, table: table, threshold: threshold)))
                case .clearOutput:
                    sink.clearOutput()
                case .help(let topic):
                    let text = topic.flatMap { HelpCatalog.text(for: $0.text) } ?? HelpCatalog.overview
                    sink.page(HelpCatalog.bundle(text))
                case .listModels:
                    do {
                        sink.display(ModelListRenderer().bundle(for: try evaluator.store.list(), root: evaluator.store.root))
                    } catch {
                        throw Diagnostic(.runtime, error.description, span: statement.span, label: "while reading the store")
                    }
                case .saveTo(let expression, let path):
                    switch try evaluator.evaluate(expression) {
                    case .table(let table):
                        let written = try evaluator.save(table, to: path)
                        sink.write("saved \(TableRenderer(maxRows: .max).shapeLine(for: table)) to \(written)\n", to: .stdout)
                    case .model(let model):
                        let written = try evaluator.saveModel(model, to: path)
                        sink.write("saved the \(model.algorithm) model in XGBoost's JSON format to \(written)\n", to: .stdout)
                    case .tuning(let result):
                        let model = result.model
                        let written = try evaluator.saveModel(model, to: path)
                        sink.write("saved the \(model.algorithm) model in XGBoost's JSON format to \(written)\n", to: .stdout)
                    case let other:
                        throw Diagnostic(.type, "`save … to` needs a table or a model, not \(valueDescription(other))",
                                         span: expression.span, label: "cannot be saved to a file")
                    }
                }
                // Work that keeps what it finished when interrupted (tune) ends its statement; the cell stops there.
                if !isLast, interruptFlag.isRequested {
                    throw Diagnostic(.interrupted, "interrupted; the rest of the cell did not run", span: statement.span,
                                     label: "stopped after this statement")
                }
            }
        } catch {
            throw SluiceError(diagnostics: [error], source: source, sourceName: sourceName)
        }
        return nil
    }
}
