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
            2 when the check cannot run.
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

    func validate() throws {
        guard (endpoint == nil) != (data == nil) else { throw ValidationError("name an endpoint or give --data FILE, not both") }
        if data != nil, model == nil { throw ValidationError("--data needs --model NAME") }
        if let threshold, !(threshold > 0 && threshold <= 1) { throw ValidationError("--threshold must be in (0, 1]") }
    }

    func run() throws {
        let root = store ?? ModelStore.located(workingDirectory: FileManager.default.currentDirectoryPath).root
        do {
            let record = endpoint.flatMap(EndpointRegistry(store: ModelStore(root: root)).record(named:))
            guard let modelName = model ?? record?.model ?? endpoint else { throw MonitoringError.noData("name a model with --model") }
            let loaded = try ModelStore(root: root).load(modelName, version: version ?? (model == nil ? record?.version : nil))
            let checked: MonitoringJob.Data = if let endpoint { .endpoint(endpoint) } else { .table(try CSVReader.read(path: data!).table, source: data!) }
            let report = try MonitoringJob(storeRoot: root).run(model: loaded.bundle.model, storedAs: (modelName, loaded.version),
                                                                data: checked, threshold: threshold)
            print(MonitoringRenderer().bundles(for: report)[0].plainText)
            if !report.violations.isEmpty { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
