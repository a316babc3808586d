import CSluiceMemory
import Foundation

/// The memory a statement needs, for `sluice run --timings`: the process's resident memory when it
/// starts (after malloc gives what it holds free back to the system, so that it counts what is live)
/// and its peak while it runs (Linux's high-water mark, reset at the start). Nil where /proc does not tell.
struct StatementMemory {
    /// Resident bytes at the start.
    let start: Int

    /// Starts a measurement: releases free memory, resets the peak and reads the resident size.
    static func begin() -> StatementMemory? {
        sluice_release_free_memory()
        // Writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one.
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil,
              let current = status("VmRSS") else { return nil }
        return StatementMemory(start: current)
    }

    /// How far the peak rose above the start, in bytes.
    func peakAboveStart() -> Int? {
        StatementMemory.status("VmHWM").map { max(0, $0 - start) }
    }

    /// A size line of /proc/self/status, in bytes.
    private static func status(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kilobytes = Int(parts[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
