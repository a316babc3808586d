import Dispatch
import Foundation
import Synchronization

/// Ends this rank when it has waited at one exchange with the others for longer than `timeout` seconds:
/// a rank that hangs without dying (stopped, stuck in I/O) would otherwise hold every other rank
/// forever. The rank says so on its standard error and exits, and `mpirun` then ends the job.
///
/// The timeout is `SLUICE_MPI_TIMEOUT` seconds (600 by default): the longest any rank may be behind
/// the others between two exchanges (one round of a tree, one pass of k-means), not the job's length.
final class CollectiveWatchdog: Sendable {
    let timeout: Double
    /// When the current exchange began (uptime in nanoseconds), 0 when none is under way.
    private let entered = Atomic<UInt64>(0)

    /// `SLUICE_MPI_TIMEOUT`, else 600 seconds.
    static var configuredTimeout: Double {
        ProcessInfo.processInfo.environment["SLUICE_MPI_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 600
    }

    /// Watches from a thread of its own; `rank` names this rank in the message.
    init(timeout: Double = configuredTimeout, rank: Int) {
        self.timeout = timeout
        let host = ProcessInfo.processInfo.hostName
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: min(1, timeout / 4))
                let start = entered.load(ordering: .acquiring)
                guard start > 0 else { continue }
                let waited = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                guard waited > timeout else { continue }
                FileHandle.standardError.write(Data(("error: rank \(rank) on \(host): waited \(Int(waited)) s for the other ranks "
                    + "at an exchange (SLUICE_MPI_TIMEOUT is \(Int(timeout)) s): one of them is stuck\n").utf8))
                exit(3)
            }
        }
        thread.name = "sluice-mpi-watchdog"
        thread.start()
    }

    /// Runs an exchange under watch.
    func watching<T>(_ exchange: () -> T) -> T {
        entered.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
        defer { entered.store(0, ordering: .releasing) }
        return exchange()
    }
}
