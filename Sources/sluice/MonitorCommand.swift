import ArgumentParser
import Foundation
import SluiceData
import SluiceDisplay
import SluiceML
import SluiceServe

/// `sluice monitor`: Model Monitor's checks from the command line, for cron; exits 1 on violations.
struct Monitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an endpoint's captured traffic (or a CSV file) against a model's training baseline.",
        discussion: """
            Prints the violations and each feature's drift, writes statistics.json and constraint_violations.json \
            under the store's monitoring/ folder, and exits 0 when there are no violations, 1 when there are, and \
            2 when the check cannot run. With --every it runs until stopped, each run checking the traffic captured \
            since the last, for hosts without cron; with --alert, a run with violations POSTs a JSON summary.
            """
    )

    @Argument(help: "The endpoint whose captured traffic to check.")
    var endpoint: String?

    @Option(help: "Check this CSV file instead of captured traffic.")
    var data: String?

    @Option(help: "The model whose baseline to check against (default: the one the endpoint serves).")
    var model: String?

    @Option(help: "The model's version (default: the endpoint's, else the latest).")
    var version: Int?

    @Option(help: "The drift threshold: the largest L∞ distance allowed (default: the constraints', 0.1).")
    var threshold: Double?

    @Option(help: "The model store (default: $SLUICE_HOME, else .sluice here).")
    var store: String?

    @Option(help: "Run again every DURATION (30s, 5m, 1h, 1d) until stopped, each run on the traffic captured since the last.")
    var every: String?

    @Option(help: "POST a JSON summary of each run with violations to this http:// address.")
    var alert: String?

    /// --every in seconds.
    private var interval: Double? {
        guard let every, let unit = every.last, let count = Double(every.dropLast()), count > 0 else { return nil }
        return MonitoringSchedule.seconds(count, unit: String(unit))
    }

    func validate() throws {
        guard (endpoint == nil) != (data == nil) else { throw ValidationError("name an endpoint or give --data FILE, not both") }
        if data != nil, model == nil { throw ValidationError("--data needs --model NAME") }
        if let threshold, !(threshold > 0 && threshold <= 1) { throw ValidationError("--threshold must be in (0, 1]") }
        if every != nil, interval == nil { throw ValidationError("--every takes a duration such as 30s, 5m, 1h or 1d") }
        if every != nil, endpoint == nil { throw ValidationError("--every watches an endpoint's traffic, not a file") }
        if let alert, URL(string: alert)?.scheme != "http" { throw ValidationError("--alert takes an http:// address") }
    }

    func run() throws {
        guard let interval else {
            do {
                let report = try check(since: nil)
                if !report.violations.isEmpty { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            return
        }
        // Until stopped: each run on what was captured since the last began.
        var since = Date()
        while true {
            Thread.sleep(forTimeInterval: max(0, since.addingTimeInterval(interval).timeIntervalSinceNow))
            let started = Date()
            do {
                _ = try check(since: since)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            since = started
        }
    }

    /// One run: prints the report, and POSTs the alert when it found violations.
    private func check(since: Date?) throws -> MonitoringReport {
        let root = store ?? ModelStore.located(workingDirectory: FileManager.default.currentDirectoryPath).root
        let record = endpoint.flatMap(EndpointRegistry(store: ModelStore(root: root)).record(named:))
        guard let modelName = model ?? record?.model ?? endpoint else { throw MonitoringError.noData("name a model with --model") }
        let loaded = try ModelStore(root: root).load(modelName, version: version ?? (model == nil ? record?.version : nil))
        let checked: MonitoringJob.Data = if let endpoint { .endpoint(endpoint, since: since) } else { .table(try CSVReader.read(path: data!).table, source: data!) }
        let report = try MonitoringJob(storeRoot: root).run(model: loaded.bundle.model, storedAs: (modelName, loaded.version),
                                                            data: checked, threshold: threshold)
        print(MonitoringRenderer().bundles(for: report)[0].plainText)
        if let alert, !report.violations.isEmpty {
            let summary = MonitoringAlert(endpoint: endpoint ?? data ?? modelName, model: modelName, version: loaded.version, report: report)
            if let problem = summary.send(to: alert) {
                FileHandle.standardError.write(Data("warning: the alert was not delivered: \(problem)\n".utf8))
            } else {
                print("alert sent to \(alert)")
            }
        }
        return report
    }
}
