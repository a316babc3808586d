import Foundation
import Synchronization
@testable import SluiceML

/// Workers on threads of one process that meet at every collective call: each one's values go in, and
/// every worker gets the combination of all of them (in rank order), as MPI's collectives give.
final class ThreadTeam: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var deposits: [[Double]?]
    private var arrived = 0
    private var generation = 0
    private var result: [Double] = []

    init(size: Int) {
        self.size = size
        deposits = Array(repeating: nil, count: size)
    }

    func exchange(rank: Int, _ values: [Double], combine: ([[Double]]) -> [Double]) -> [Double] {
        condition.lock()
        defer { condition.unlock() }
        let mine = generation
        deposits[rank] = values
        arrived += 1
        if arrived == size {
            result = combine(deposits.map { $0! })
            deposits = Array(repeating: nil, count: size)
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return result
    }
}

struct TeamMember: Collective {
    let team: ThreadTeam
    let rank: Int
    var size: Int { team.size }

    func allReduceSum(_ values: inout [Double]) {
        values = team.exchange(rank: rank, values) { all in all.dropFirst().reduce(all[0]) { zip($0, $1).map(+) } }
    }

    func allReduceMax(_ values: inout [Double]) {
        values = team.exchange(rank: rank, values) { all in all.dropFirst().reduce(all[0]) { zip($0, $1).map(max) } }
    }

    func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        let joined = team.exchange(rank: rank, bytes.map(Double.init)) { all in
            all.flatMap { [Double($0.count)] + $0 }
        }
        var parts: [[UInt8]] = [], index = 0
        while index < joined.count {
            let count = Int(joined[index])
            parts.append(joined[(index + 1)..<(index + 1 + count)].map { UInt8($0) })
            index += 1 + count
        }
        return parts
    }

    func broadcast(_ bytes: inout [UInt8], from root: Int) {
        bytes = allGather(bytes)[root]
    }
}

/// What `work` gives on each of `workers` workers of a team, each on a thread of its own (not a pool's:
/// every worker must run at once to meet the others).
func onTeam<T: Sendable>(_ workers: Int, _ work: @escaping @Sendable (any Collective) -> T?) -> [T?] {
    let team = ThreadTeam(size: workers)
    let results = Mutex<[Int: T]>([:])
    let done = DispatchGroup()
    for rank in 0..<workers {
        done.enter()
        Thread {
            let result = work(TeamMember(team: team, rank: rank))
            results.withLock { $0[rank] = result }
            done.leave()
        }.start()
    }
    done.wait()
    return results.withLock { stored in (0..<workers).map { stored[$0] } }
}
