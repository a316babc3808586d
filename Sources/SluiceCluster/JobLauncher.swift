import Foundation
import Glibc
import Synchronization

/// Starts a job as `instances` ranks under Open MPI's `mpirun` (hosts from `SLUICE_MPI_HOSTFILE`, else
/// this machine), shows rank 0's progress as it comes, stops every rank when asked, and returns the
/// result rank 0 sent. The job goes in and the result comes out through mpirun's standard streams:
/// nothing needs to be shared between the hosts but the data.
public struct JobLauncher {
    public let instances: Int
    /// The `sluice` binary each rank runs.
    public let executable: String
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(instances: Int, executable: String) {
        self.instances = instances
        self.executable = executable
    }

    /// The `mpirun` command line.
    func arguments() -> [String] {
        var arguments = ["-np", String(instances)]
        if let hosts = environment["SLUICE_MPI_HOSTFILE"], !hosts.isEmpty {
            arguments += ["--hostfile", hosts]
        } else {
            // All ranks on this machine, however many cores it has.
            arguments += ["--oversubscribe"]
        }
        if getuid() == 0 { arguments += ["--allow-run-as-root"] }
        return arguments + [executable, "rank"]
    }

    /// Runs `job` and returns its result.
    ///
    /// - Parameters:
    ///   - progress: rank 0's progress (done, total, what), on the calling thread, at most ten times a second.
    ///   - shouldStop: polled ten times a second; when true every rank is stopped.
    /// - Throws: ``ClusterError`` when Open MPI is missing, the job fails (with what it said), or it was
    ///   stopped (``ClusterError/jobFailed(_:)`` saying so).
    public func run(_ job: ClusterJob, progress: (Int, Int, String) -> Void, shouldStop: () -> Bool) throws -> JobResult {
        guard let mpirun = Self.find("mpirun", in: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw ClusterError.openMPIMissing("mpirun is not on PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = arguments()
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let said = Mutex<[UInt8]>([])
        let latest = Mutex<(done: Int, total: Int, message: String)?>(nil)
        let result = Mutex<Data?>(nil)
        let lines = LineSplitter { line in
            if line.hasPrefix(JobOutput.resultPrefix + " ") {
                result.withLock { $0 = Data(base64Encoded: String(line.dropFirst(JobOutput.resultPrefix.count + 1))) }
                return
            }
            let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
            if parts.count >= 3, parts[0] == JobOutput.progressPrefix, let done = Int(parts[1]), let total = Int(parts[2]) {
                latest.withLock { $0 = (done, total, parts.count > 3 ? parts[3] : "") }
            }
        }
        var shown: Int?
        func showProgress() {
            if let report = latest.withLock({ $0 }), report.done != shown {
                shown = report.done
                progress(report.done, report.total, report.message)
            }
        }
        // Each stream read to its end on a thread of its own (blocking reads: no dispatch sources to outlive
        // the pipes when the job ends early).
        let drained = DispatchGroup()
        Self.drain(output.fileHandleForReading, into: { lines.add($0) }, group: drained)
        Self.drain(errors.fileHandleForReading, into: { data in said.withLock { $0 += data } }, group: drained)
        try process.run()
        // The job goes to rank 0 through mpirun's standard input. Should mpirun end before reading it, the
        // write fails (EPIPE, with SIGPIPE ignored rather than ending this process) and the job's own error
        // says why.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: try JSONEncoder().encode(job))
        try? input.fileHandleForWriting.close()
        var stopped = false
        while process.isRunning {
            if !stopped, shouldStop() {
                stopped = true
                // mpirun passes SIGTERM on to every rank, then ends.
                kill(process.processIdentifier, SIGTERM)
            }
            showProgress()
            usleep(100_000)
        }
        process.waitUntilExit()
        drained.wait()
        showProgress()
        let stderr = String(decoding: said.withLock { $0 }, as: UTF8.self)
        if stopped { throw ClusterError.jobFailed("interrupted: every rank was stopped") }
        guard process.terminationStatus == 0 else { throw ClusterError.jobFailed(Self.summary(of: stderr)) }
        guard let data = result.withLock({ $0 }), let sent = try? JSONDecoder().decode(JobResult.self, from: data) else {
            throw ClusterError.jobFailed("the job ended without sending its result")
        }
        return sent
    }

    /// Reads `handle` until its end on a new thread, passing each piece to `take`.
    private static func drain(_ handle: FileHandle, into take: @escaping @Sendable (Data) -> Void, group: DispatchGroup) {
        group.enter()
        let thread = Thread {
            while let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty { take(data) }
            group.leave()
        }
        thread.name = "sluice-job-stream"
        thread.start()
    }

    /// What a failed job said, shortly: each error the ranks gave once, with the ranks that gave it
    /// (`… (rank 0 on host-a, rank 1 on host-b)`), else mpirun's own last lines.
    static func summary(of stderr: String) -> String {
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var ranksByError: [(error: String, ranks: [String])] = []
        for line in lines where line.hasPrefix("error: rank ") {
            let text = line.dropFirst("error: ".count)
            guard let colon = text.range(of: ": ") else { continue }
            let (who, error) = (String(text[..<colon.lowerBound]), String(text[colon.upperBound...]))
            if let index = ranksByError.firstIndex(where: { $0.error == error }) {
                ranksByError[index].ranks.append(who)
            } else {
                ranksByError.append((error, [who]))
            }
        }
        if !ranksByError.isEmpty {
            return ranksByError.map { "\($0.error) (\($0.ranks.joined(separator: ", ")))" }.joined(separator: "; ")
        }
        let errors = lines.filter { $0.hasPrefix("error:") }.map { String($0.dropFirst("error: ".count)) }
        if !errors.isEmpty { return Array(Set(errors)).sorted().joined(separator: "; ") }
        // A rank that crashed or was killed: Swift's own message, and mpirun's line that names the rank.
        let named = lines.filter { $0.contains("Fatal error:") || $0.hasPrefix("mpirun noticed") }
        if !named.isEmpty { return Array(NSOrderedSet(array: named)).compactMap { $0 as? String }.joined(separator: " ") }
        let useful = lines.filter { !$0.allSatisfy { $0 == "-" } }
        return useful.suffix(4).joined(separator: " ")
    }

    private static func find(_ program: String, in path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Bytes in, whole lines out (to `handle`), across reads that cut lines anywhere.
private final class LineSplitter: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private let handle: @Sendable (String) -> Void

    init(_ handle: @escaping @Sendable (String) -> Void) { self.handle = handle }

    func add(_ data: Data) {
        let lines: [String] = lock.withLock {
            pending += data
            guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
            let complete = pending[...last]
            pending.removeSubrange(...last)
            return complete.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        }
        lines.forEach(handle)
    }
}
