import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import SluiceServe

/// The deployment statements' work: endpoints as `sluice serve` processes recorded in the model store,
/// batch transform and monitoring.
struct Deployment {
    let evaluator: Evaluator

    /// The endpoints deployed from this session's model store.
    var endpoints: EndpointRegistry { EndpointRegistry(store: store) }
    private var store: ModelStore { evaluator.store }

    /// `deploy MODEL as "name" [port n] [capture p%]`, or `deploy "model" [as "name"] …` for a stored model's
    /// latest approved version: the line to print once the endpoint answers.
    func deploy(model modelExpression: Expression, name nameExpression: Expression?, port portExpression: Expression?,
                capture captureExpression: Expression?, answers: AnswerStyle = .sluice) throws(Diagnostic) -> String {
        var port: Int?
        if let portExpression {
            let number = try evaluator.wholeNumber(portExpression, "`port` needs a whole number")
            guard (1...65535).contains(number) else {
                throw Diagnostic(.type, "`port` must be between 1 and 65535", span: portExpression.span, label: "not a port")
            }
            port = number
        }
        var capturePercent = 100.0
        if let captureExpression { capturePercent = try evaluator.fraction(captureExpression, "`capture` needs a percentage such as 20%") * 100 }
        if case .string(let stored) = try evaluator.evaluate(modelExpression) {
            return try deploy(stored: stored, span: modelExpression.span, name: nameExpression, port: port, capturePercent: capturePercent,
                              answers: answers)
        }
        guard let nameExpression else {
            throw Diagnostic(.syntax, "`deploy MODEL` needs `as \"name\"`", span: modelExpression.span, label: "no endpoint name")
        }
        let model = try evaluator.modelToStore(modelExpression, "`deploy` needs a model, or a stored model's name in quotes")
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        do {
            let (record, replaced) = try endpoints.deploy(model, as: name, port: port, capturePercent: capturePercent, answers: answers)
            evaluator.recorder.link(run: model.runID, model: record.model, version: record.version, storeRoot: store.root,
                                    warn: evaluator.warn)
            return Self.deployed(record, replaced: replaced)
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "while deploying",
                             help: deploymentHelp(error, name: name))
        }
    }

    /// `deploy "model" [as "name"] …`: serves the stored model's latest approved version, or its latest when none
    /// is approved, and says which.
    private func deploy(stored model: String, span: SourceSpan, name nameExpression: Expression?, port: Int?,
                        capturePercent: Double, answers: AnswerStyle) throws(Diagnostic) -> String {
        let name = try nameExpression.map { (expression) throws(Diagnostic) in try evaluator.text(expression, "the endpoint's name in quotes") }
            ?? model
        let version: Int
        let why: String
        do throws(StoreError) {
            let versions = try store.versions(of: model)
            guard let latest = versions.last else { throw StoreError.notFound(model, available: (try? store.names()) ?? []) }
            if let approved = try store.latestApproved(model) {
                version = approved
                why = approved == latest ? "the latest version, approved" : "the latest approved version (v\(latest) is \(try store.status(of: model, version: latest).rawValue))"
            } else {
                version = latest
                why = "no version is approved: the latest, \(try store.status(of: model, version: latest).rawValue)"
            }
        } catch {
            throw Diagnostic(.runtime, error.description, span: span, label: "not in the store",
                             help: didYouMean(model, among: Set((try? store.names()) ?? [])))
        }
        do {
            let (record, replaced) = try endpoints.deploy(stored: model, version: version, as: name, port: port, capturePercent: capturePercent,
                                                          answers: answers)
            return Self.deployed(record, replaced: replaced) + " — \(why)"
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression?.span ?? span, label: "while deploying",
                             help: deploymentHelp(error, name: name))
        }
    }

    /// `deployed "name": model vN at URL/invocations (pid P)`.
    private static func deployed(_ record: EndpointRecord, replaced: Bool) -> String {
        let verb = replaced ? "replaced the model of" : "deployed"
        return "\(verb) \"\(record.name)\": \(record.model) v\(record.version) at \(record.url)/invocations (pid \(record.pid))"
    }

    /// `undeploy "name"`: the line to print once the endpoint has stopped.
    func undeploy(_ nameExpression: Expression) throws(Diagnostic) -> String {
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        do {
            let record = try endpoints.undeploy(name)
            return "stopped \"\(record.name)\" (was at \(record.url), pid \(record.pid))"
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "not stopped",
                             help: didYouMean(name, among: Set(endpoints.records().map(\.name))))
        }
    }

    /// `endpoints`: a table of the deployed endpoints with their health, checked now.
    func endpointTable() -> Table? {
        let records = endpoints.records()
        guard !records.isEmpty else { return nil }
        let none = MissingMask()
        let statuses = records.map { endpoints.status(of: $0) }
        let health = statuses.map(\.health.rawValue)
        let dates = ISO8601DateFormatter()
        return try? Table(columns: [
            Column(name: "name", values: .text(records.map(\.name), missing: none)),
            Column(name: "status", values: .text(health, missing: none)),
            Column(name: "url", values: .text(records.map(\.url), missing: none)),
            // The version the endpoint says it serves, when it answers (a reload may have moved it past the record).
            Column(name: "model", values: .text(zip(records, statuses).map { "\($0.model) v\($1.servedVersion ?? $0.version)" }, missing: none)),
            Column(name: "pid", values: .integer(records.map { Int64($0.pid) }, missing: none)),
            Column(name: "capture", values: .text(records.map { formatFloat($0.capturePercent) + "%" }, missing: none)),
            Column(name: "monitoring", values: .text(records.map { record in
                let schedules = [false, true].compactMap { MonitoringSchedule.read(endpoint: record.name, root: store.root, quality: $0) }
                return schedules.isEmpty ? "—" : schedules.map(\.summary).joined(separator: "; ")
            }, missing: none)),
            Column(name: "deployed_at", values: .text(records.map { dates.string(from: $0.deployedAt) }, missing: none)),
        ])
    }

    /// `invoke "name" with TABLE [by COLUMN]`: the endpoint's predictions, fetched over HTTP; with `by`, each run of
    /// rows with one id is a request of its own named by it (SageMaker's inference id, which ground truth is merged by).
    func invoke(name nameExpression: Expression, table tableExpression: Expression, by idColumn: Name?) throws(Diagnostic) -> Value {
        let name = try evaluator.text(nameExpression, "the endpoint's name in quotes")
        let table = try evaluator.table(tableExpression, "`invoke` sends a table's rows")
        var ids: [String]?
        if let idColumn {
            guard let column = table.column(named: idColumn.text) else {
                throw Diagnostic(.runtime, "the table has no column `\(idColumn.text)`", span: idColumn.span, label: "no such column",
                                 help: didYouMean(idColumn.text, among: Set(table.columnNames)))
            }
            ids = try (0..<table.rowCount).map { row throws(Diagnostic) in
                guard let id = column.formattedValue(at: row), !id.isEmpty, id.count <= 64 else {
                    throw Diagnostic(.runtime, "row \(row + 1) has no id of 1 to 64 characters in `\(idColumn.text)`", span: idColumn.span,
                                     label: "an inference id", help: "every row needs an id, as SageMaker's InferenceId")
                }
                return id
            }
        }
        guard let record = endpoints.record(named: name) else {
            let known = Set(endpoints.records().map(\.name))
            throw Diagnostic(.runtime, DeploymentError.noSuchEndpoint(name, running: known.sorted()).description,
                             span: nameExpression.span, label: "not deployed",
                             help: didYouMean(name, among: known) ?? "deploy a model first: `deploy model as \"\(name)\"`")
        }
        let flag = evaluator.interruptFlag
        do {
            let warn = evaluator.warn
            return .table(try EndpointClient.invoke(record, table: table, ids: ids, token: EndpointConfiguration.environmentToken,
                                                    warn: { warn("\"\(name)\" scored the rows, but: \($0)") }, shouldStop: { flag.isRequested }))
        } catch {
            throw Diagnostic(.runtime, error.description, span: nameExpression.span, label: "while invoking",
                             help: endpoints.health(of: record) == .stopped ? "the endpoint's process has stopped: deploy it again" : nil)
        }
    }

    /// `transform "in" with MODEL to "out" [join input] [batch n] [{ instances = n }]`: the line to print when
    /// the output is in place.
    func transform(input inputExpression: Expression, model modelExpression: Expression, output outputExpression: Expression,
                   joinInput: Bool, batch batchExpression: Expression?, settings: [Setting],
                   progress: @escaping (ProgressReport, Bool) -> Void) throws(Diagnostic) -> String {
        if let unknown = settings.first(where: { !TransformStatement.settingNames.contains($0.name.text) }) {
            throw TransformStatement.unknown(unknown.name)
        }
        let input = try evaluator.text(inputExpression, "the input file's path in quotes")
        let model = try evaluator.model(modelExpression, "`transform` needs a model")
        let output = try evaluator.text(outputExpression, "the output file's path in quotes")
        var batchRows = 20_000
        if let batchExpression {
            batchRows = try evaluator.wholeNumber(batchExpression, "`batch` needs a whole number of rows")
            guard batchRows > 0 else {
                throw Diagnostic(.type, "`batch` needs at least one row", span: batchExpression.span, label: "expected a positive number")
            }
        }
        let inputLocation = try evaluator.location(input, span: inputExpression.span)
        let outputLocation = try evaluator.location(output, span: outputExpression.span)
        let instances = try ClusterJobs(evaluator: evaluator).instances(settings)
        if instances > 1 {
            let started = Date()
            let rows = try DistributedTransform(evaluator: evaluator).run(
                input: inputLocation, output: outputLocation, model: model, joinInput: joinInput, batchRows: batchRows, instances: instances,
                spans: (inputExpression.span, modelExpression.span, outputExpression.span), progress: progress)
            return Self.transformed(rows, input: input, output: output, since: started) + " on \(instances) ranks"
        }
        let flag = evaluator.interruptFlag
        let started = Date()
        var lastReport = Date.distantPast
        let transform = BatchTransform(model: model, joinInput: joinInput, batchRows: batchRows)
        do {
            let summary = try transform.run(input: inputLocation.description, output: outputLocation.description, progress: { step in
                guard Date().timeIntervalSince(lastReport) >= 0.2 else { return }
                lastReport = Date()
                progress(ProgressReport(done: step.bytesRead >> 20, total: max(1, step.totalBytes >> 20),
                                        message: "MB · \(formatCount(step.rows)) rows"), false)
            }, shouldStop: { flag.isRequested })
            if lastReport != .distantPast {
                let megabytes = max(1, summary.bytesRead >> 20)
                progress(ProgressReport(done: megabytes, total: megabytes, message: "MB · \(formatCount(summary.rows)) rows"), true)
            }
            return Self.transformed(summary.rows, input: input, output: output, since: started)
        } catch .interrupted(let rows) {
            throw Diagnostic(.interrupted, TransformError.interrupted(rowsDone: rows).description, span: outputExpression.span,
                             label: "\(output) was not written")
        } catch {
            throw Diagnostic(.runtime, error.description, span: inputExpression.span, label: "while transforming",
                             help: "nothing was written to \(output)")
        }
    }

    /// `transformed N rows of IN into OUT in S s (R rows/s)`.
    private static func transformed(_ rows: Int, input: String, output: String, since started: Date) -> String {
        let seconds = Date().timeIntervalSince(started)
        return "transformed \(formatCount(rows)) rows of \(input) into \(output) in \(String(format: "%.2f", seconds)) s"
            + " (\(formatCount(Int(Double(rows) / max(seconds, 1e-9)))) rows/s)"
    }

    /// `monitor "name" against MODEL [threshold x]` and `monitor MODEL on TABLE [threshold x]`: the report.
    func monitor(_ subject: MonitorStatement.Subject, model modelExpression: Expression,
                 threshold thresholdExpression: Expression?) throws(Diagnostic) -> MonitoringReport {
        let model = try evaluator.model(modelExpression, "`monitor` compares data with a model's training baseline")
        let threshold = try driftThreshold(thresholdExpression)
        // The language's values first (their errors are the language's), then the monitoring.
        let data: MonitoringJob.Data
        let subjectSpan: SourceSpan
        var storedAs: (name: String, version: Int)?
        switch subject {
        case .endpoint(let nameExpression):
            let endpoint = try evaluator.text(nameExpression, "the endpoint's name in quotes")
            data = .endpoint(endpoint)
            subjectSpan = nameExpression.span
            // An endpoint's model keeps the constraints saved with the version it serves (edited or not).
            if let record = endpoints.record(named: endpoint) { storedAs = (record.model, record.version) }
        case .table(let tableExpression):
            data = .table(try evaluator.table(tableExpression, "`monitor … on` needs a table"), source: "the table")
            subjectSpan = tableExpression.span
        case .quality(let endpoint, _, _, _):
            throw Diagnostic(.type, "model quality is `monitor quality \"name\" with \"PATH\"`", span: endpoint.span, label: "not data quality")
        }
        do throws(MonitoringError) {
            return try MonitoringJob(storeRoot: store.root).run(model: model, storedAs: storedAs, data: data, threshold: threshold)
        } catch {
            var help: String?
            if case .endpoint = data { help = "the endpoint captures its traffic once it is deployed and invoked" }
            throw Diagnostic(.runtime, error.description, span: subjectSpan, label: "cannot monitor", help: help)
        }
    }

    /// The drift threshold a `threshold` clause gives, when there is one.
    func driftThreshold(_ expression: Expression?) throws(Diagnostic) -> Double? {
        guard let expression else { return nil }
        guard case .number(let x) = try evaluator.evaluate(expression), x > 0, x <= 1 else {
            throw Diagnostic(.type, "`threshold` must be a distance between 0 and 1", span: expression.span,
                             label: "expected a number in (0, 1]")
        }
        return x
    }

    private func deploymentHelp(_ error: DeploymentError, name: String) -> String? {
        switch error {
        case .cannotStart, .notReady: "the endpoint's log is \(endpoints.logPath(name))"
        default: nil
        }
    }
}
