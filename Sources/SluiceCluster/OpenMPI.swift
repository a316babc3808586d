import Glibc

/// Open MPI's C library, opened at run time with dlopen so that `sluice` runs where Open MPI is not
/// installed: only a distributed job loads it.
///
/// Open MPI's handles (`MPI_COMM_WORLD`, `MPI_DOUBLE`, `MPI_SUM`, …) are macros for the addresses of
/// its predefined objects (`&ompi_mpi_comm_world`, …), so they are found with dlsym under those
/// names; no header is needed to build. This is Open MPI's ABI (libmpi.so.40, Open MPI 3 to 5), not
/// MPICH's.
final class OpenMPI: @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer

    /// The library's file name, or `SLUICE_MPI_LIBRARY` when set.
    static var libraryName: String {
        let given = getenv("SLUICE_MPI_LIBRARY").map { String(cString: $0) } ?? ""
        return given.isEmpty ? "libmpi.so.40" : given
    }

    let world: Handle
    let double: Handle
    let byte: Handle
    let int: Handle
    let sum: Handle
    let max: Handle

    typealias FlagQuery = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias InitThread = @convention(c) (UnsafeMutablePointer<Int32>?,
                                           UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?,
                                           Int32, UnsafeMutablePointer<Int32>) -> Int32
    typealias CommQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    typealias Allreduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Int32
    typealias Allgather = @convention(c) (UnsafeRawPointer?, Int32, Handle, UnsafeMutableRawPointer?, Int32, Handle, Handle) -> Int32
    typealias Allgatherv = @convention(c) (UnsafeRawPointer?, Int32, Handle, UnsafeMutableRawPointer?, UnsafePointer<Int32>,
                                           UnsafePointer<Int32>, Handle, Handle) -> Int32
    typealias Bcast = @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle) -> Int32
    typealias Finalize = @convention(c) () -> Int32
    typealias Abort = @convention(c) (Handle, Int32) -> Int32

    let initialized: FlagQuery
    let finalized: FlagQuery
    let initThread: InitThread
    let commRank: CommQuery
    let commSize: CommQuery
    let allreduce: Allreduce
    let allgather: Allgather
    let allgatherv: Allgatherv
    let bcast: Bcast
    let finalize: Finalize
    let abort: Abort

    /// `MPI_IN_PLACE` in Open MPI.
    static var inPlace: UnsafeRawPointer { UnsafeRawPointer(bitPattern: 1)! }
    /// `MPI_THREAD_SERIALIZED`: any thread may call, one at a time.
    static let threadSerialized: Int32 = 2

    /// Opens the library; an error says what to install when it is not there.
    init() throws(ClusterError) {
        // RTLD_GLOBAL: Open MPI's components, which it loads itself, need the library's symbols.
        guard let library = dlopen(Self.libraryName, RTLD_NOW | RTLD_GLOBAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            throw .openMPIMissing(reason)
        }
        func symbol(_ name: String) throws(ClusterError) -> UnsafeMutableRawPointer {
            guard let address = dlsym(library, name) else { throw .openMPIMissing("\(Self.libraryName) has no \(name)") }
            return address
        }
        func function<T>(_ name: String, as type: T.Type) throws(ClusterError) -> T {
            unsafeBitCast(try symbol(name), to: type)
        }
        world = try symbol("ompi_mpi_comm_world")
        double = try symbol("ompi_mpi_double")
        byte = try symbol("ompi_mpi_byte")
        int = try symbol("ompi_mpi_int")
        sum = try symbol("ompi_mpi_op_sum")
        max = try symbol("ompi_mpi_op_max")
        initialized = try function("MPI_Initialized", as: FlagQuery.self)
        finalized = try function("MPI_Finalized", as: FlagQuery.self)
        initThread = try function("MPI_Init_thread", as: InitThread.self)
        commRank = try function("MPI_Comm_rank", as: CommQuery.self)
        commSize = try function("MPI_Comm_size", as: CommQuery.self)
        allreduce = try function("MPI_Allreduce", as: Allreduce.self)
        allgather = try function("MPI_Allgather", as: Allgather.self)
        allgatherv = try function("MPI_Allgatherv", as: Allgatherv.self)
        bcast = try function("MPI_Bcast", as: Bcast.self)
        finalize = try function("MPI_Finalize", as: Finalize.self)
        abort = try function("MPI_Abort", as: Abort.self)
    }
}

/// Why a distributed job cannot run.
public enum ClusterError: Error, Equatable, CustomStringConvertible {
    /// Open MPI's library could not be loaded (with the loader's reason).
    case openMPIMissing(String)
    /// An MPI call failed (its name and error code).
    case failed(String, Int32)
    /// A rank's data cannot be read as a shard (why).
    case badShard(String)
    /// The job did not finish (what mpirun and the ranks said).
    case jobFailed(String)

    public var description: String {
        switch self {
        case .openMPIMissing(let reason):
            "this job needs Open MPI, which is not installed (\(reason)); on Debian or Ubuntu: "
                + "sudo apt-get install openmpi-bin libopenmpi-dev"
        case .failed(let call, let code):
            "\(call) failed (MPI error \(code))"
        case .badShard(let reason), .jobFailed(let reason):
            reason
        }
    }
}
