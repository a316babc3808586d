import ArgumentParser
import Dispatch
import Foundation
import SluiceData
import SluiceML
import SluiceServe
import SluiceStorage
import Synchronization

/// `sluice serve`: a real-time endpoint for a saved model.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: EndpointLaunch.subcommand,
        abstract: "Serve a saved model over HTTP (SageMaker's /ping and /invocations, and /metrics).",
        discussion: """
            MODEL is a model's name in the store or the path of a bundle file (.json). A stored model without \
            --version follows its latest version: SIGHUP reloads it while requests in flight finish with the \
            old one. SIGTERM stops accepting connections and finishes the requests in flight.
            """
    )

    @Argument(help: "The model: a name in the store, or the path of a bundle file.")
    var model: String

    @Option(name: .customLong(EndpointLaunch.Option.version.rawValue), help: "Serve this version instead of the latest.")
    var version: Int?

    @Option(name: .customLong(EndpointLaunch.Option.store.rawValue), help: "The model store (default: $SLUICE_HOME, else .sluice here).")
    var store: String?

    @Option(name: .customLong(EndpointLaunch.Option.host.rawValue), help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(name: .customLong(EndpointLaunch.Option.port.rawValue), help: "The port to bind (0 takes a free one).")
    var port = 8080

    @Option(name: .customLong(EndpointLaunch.Option.token.rawValue), help: "Require `Authorization: Bearer TOKEN` on /invocations and /metrics (default: $SLUICE_ENDPOINT_TOKEN).")
    var token: String?

    @Option(name: .customLong(EndpointLaunch.Option.name.rawValue), help: "The endpoint's name (default: the model's).")
    var name: String?

    @Option(name: .customLong(EndpointLaunch.Option.capturePercent.rawValue), help: "Capture this percentage of requests and responses under the store's capture/ folder.")
    var capturePercent: Double = 0

    @Option(name: .customLong(EndpointLaunch.Option.answers.rawValue),
            help: "`sagemaker` answers exactly as SageMaker's built-in algorithm containers do; `sluice` (the default) with every prediction column.")
    var answers: AnswerStyle = .sluice

    @Option(name: .customLong(EndpointLaunch.Option.readyFile.rawValue), help: "Once listening, write {\"port\": …, \"pid\": …} to this file.")
    var readyFile: String?

    @Option(name: .customLong(EndpointLaunch.Option.headerTimeout.rawValue), help: "Close a connection that takes longer than this many seconds to send a request's head, or stays idle that long after an answer.")
    var headerTimeout: Double = 10

    @Option(name: .customLong(EndpointLaunch.Option.bodyTimeout.rawValue), help: "Answer 408 and close when a request's body takes longer than this many seconds to arrive.")
    var bodyTimeout: Double = 20

    @Option(name: .customLong(EndpointLaunch.Option.maxConnections.rawValue), help: "Hold at most this many connections at once; more wait to be accepted (default: 1024, or half the descriptor limit).")
    var maxConnections: Int?

    func validate() throws {
        guard headerTimeout > 0, headerTimeout.isFinite else { throw ValidationError("--header-timeout must be a positive number of seconds") }
        guard bodyTimeout > 0, bodyTimeout.isFinite else { throw ValidationError("--body-timeout must be a positive number of seconds") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (0...100).contains(capturePercent) else { throw ValidationError("--capture-percent must be between 0 and 100") }
    }

    func run() throws {
        let storeRoot = store ?? ModelStore.located(workingDirectory: FileManager.default.currentDirectoryPath).root
        let source: ModelSource = model.hasSuffix(".json")
            ? .file(model) : .stored(root: storeRoot, name: model, version: version)
        let endpointName = name ?? (model.hasSuffix(".json") ? ModelSource.file(model).modelName : model)
        var capture: DataCapture?
        if capturePercent > 0 {
            do {
                capture = DataCapture(folder: try ModelStore(root: storeRoot).location("capture/" + endpointName), percent: capturePercent)
            } catch {
                throw ValidationError("cannot capture into the store: \(error)")
            }
        }
        let server: EndpointServer
        do {
            var configuration = EndpointConfiguration(
                name: endpointName, host: host, port: port,
                token: token ?? EndpointConfiguration.environmentToken,
                capture: capture,
                limits: ConnectionLimits(headerTimeout: .seconds(headerTimeout), bodyTimeout: .seconds(bodyTimeout),
                                         maximumConnections: maxConnections ?? ConnectionLimits.defaultMaximumConnections))
            configuration.answers = answers
            server = try EndpointServer(source: source, configuration: configuration)
        } catch {
            throw ValidationError("cannot load the model: \(error)")
        }
        let reloads = ReloadSignal(server: server)
        // A schedule `monitor … every` keeps in the store runs here, in the endpoint's process.
        ScheduledMonitor(server: server, storeRoot: storeRoot, say: { say($0) }).start()
        let readyFile = readyFile
        let host = host
        // The command line stays synchronous (so the REPL's SIGINT handling sees the main thread);
        // the server runs on Swift's concurrency threads until it shuts down.
        let outcome = Mutex<(any Error)?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            defer { finished.signal() }
            do {
                try await server.run { port in
                    let served = server.served
                    say("serving \(served.name) v\(served.version) as \"\(endpointName)\" on http://\(host):\(port)")
                    if let readyFile {
                        try? AtomicFile.write(Data(#"{"port":\#(port),"pid":\#(getpid())}"#.utf8), to: readyFile)
                    }
                }
            } catch {
                outcome.withLock { $0 = error }
            }
        }
        finished.wait()
        capture?.flush()
        withExtendedLifetime(reloads) {}
        if let error = outcome.withLock({ $0 }) { throw error }
    }
}

/// Writes a line to standard output at once (it may be a log file).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Reloads the endpoint's model on SIGHUP.
private final class ReloadSignal {
    private let source: any DispatchSourceSignal

    init(server: EndpointServer) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            do {
                let served = try server.reload()
                say("reloaded: serving \(served.name) v\(served.version)")
            } catch {
                say("reload failed, still serving v\(server.served.version): \(error)")
            }
        }
        source.resume()
    }
}

extension AnswerStyle: ExpressibleByArgument {}
