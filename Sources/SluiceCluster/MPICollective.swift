import Glibc
import SluiceML
import Synchronization

/// The collective of a job's ranks under Open MPI (`mpirun`): all-reduce, all-gather and broadcast over
/// `MPI_COMM_WORLD`. MPI is started once per process, by the first ``MPICollective/world()``, and
/// finished by ``MPICollective/finish()``. Calls are made from one thread at a time
/// (`MPI_THREAD_SERIALIZED`), as training makes them.
///
/// A rank that dies does not leave the others waiting: `mpirun` ends the job and says which rank. One
/// that hangs is caught by the others' ``CollectiveWatchdog`` at the next all-reduce or all-gather.
public final class MPICollective: Collective, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    private let mpi: OpenMPI
    private let watchdog: CollectiveWatchdog

    private static let shared = Mutex<MPICollective?>(nil)

    /// Whether this process was started by `mpirun` as one of several ranks (Open MPI's environment says so).
    public static var isLaunchedAsRank: Bool {
        guard let size = getenv("OMPI_COMM_WORLD_SIZE").flatMap({ Int(String(cString: $0)) }) else { return false }
        return size > 1
    }

    /// The ranks of `MPI_COMM_WORLD`, starting MPI the first time.
    public static func world() throws(ClusterError) -> MPICollective {
        try shared.withLock { (current: inout MPICollective?) throws(ClusterError) -> MPICollective in
            if let current { return current }
            let made = try MPICollective(mpi: try OpenMPI())
            current = made
            return made
        }
    }

    private init(mpi: OpenMPI) throws(ClusterError) {
        self.mpi = mpi
        var started: Int32 = 0
        _ = mpi.initialized(&started)
        if started == 0 {
            var provided: Int32 = 0
            try Self.check("MPI_Init_thread", mpi.initThread(nil, nil, OpenMPI.threadSerialized, &provided))
        }
        var rank: Int32 = 0, size: Int32 = 0
        try Self.check("MPI_Comm_rank", mpi.commRank(mpi.world, &rank))
        try Self.check("MPI_Comm_size", mpi.commSize(mpi.world, &size))
        self.rank = Int(rank)
        self.size = Int(size)
        watchdog = CollectiveWatchdog(rank: Int(rank))
    }

    /// Finishes MPI in this process, if it was started (every rank must, before it exits).
    public static func finish() {
        shared.withLock { current in
            guard let world = current else { return }
            var done: Int32 = 0
            _ = world.mpi.finalized(&done)
            if done == 0 { _ = world.mpi.finalize() }
        }
    }

    /// Ends every rank of the job at once with `code` (one rank's error must not leave the others waiting).
    public func abortJob(code: Int32) -> Never {
        _ = mpi.abort(mpi.world, code)
        exit(code)
    }

    private static func check(_ call: String, _ code: Int32) throws(ClusterError) {
        guard code == 0 else { throw .failed(call, code) }
    }

    /// MPI counts are 32-bit: larger buffers go in slices.
    private static let sliceLength = 1 << 28

    public func allReduceSum(_ values: inout [Double]) {
        allReduce(&values, operation: mpi.sum)
    }

    public func allReduceMax(_ values: inout [Double]) {
        allReduce(&values, operation: mpi.max)
    }

    private func allReduce(_ values: inout [Double], operation: OpenMPI.Handle) {
        watchdog.watching { values.withUnsafeMutableBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let count = min(Self.sliceLength, buffer.count - start)
                // Errors are fatal in MPI's default handler: a failed call never returns here.
                _ = mpi.allreduce(OpenMPI.inPlace, buffer.baseAddress! + start, Int32(count), mpi.double, operation, mpi.world)
                start += count
            }
        } }
    }

    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        watchdog.watching { gather(bytes) }
    }

    private func gather(_ bytes: [UInt8]) -> [[UInt8]] {
        var counts = [Int32](repeating: 0, count: size)
        var mine = Int32(bytes.count)
        _ = mpi.allgather(&mine, 1, mpi.int, &counts, 1, mpi.int, mpi.world)
        var offsets = [Int32](repeating: 0, count: size)
        for index in 1..<max(size, 1) { offsets[index] = offsets[index - 1] + counts[index - 1] }
        var gathered = [UInt8](repeating: 0, count: Int(counts.reduce(0, +)))
        bytes.withUnsafeBytes { source in
            gathered.withUnsafeMutableBytes { target in
                _ = mpi.allgatherv(source.baseAddress, mine, mpi.byte, target.baseAddress, counts, offsets, mpi.byte, mpi.world)
            }
        }
        return (0..<size).map { Array(gathered[Int(offsets[$0])..<Int(offsets[$0] + counts[$0])]) }
    }

    public func broadcast(_ bytes: inout [UInt8], from root: Int) {
        var length = Int32(bytes.count)
        _ = mpi.bcast(&length, 1, mpi.int, Int32(root), mpi.world)
        if rank != root { bytes = [UInt8](repeating: 0, count: Int(length)) }
        bytes.withUnsafeMutableBytes { buffer in
            _ = mpi.bcast(buffer.baseAddress, length, mpi.byte, Int32(root), mpi.world)
        }
    }
}
