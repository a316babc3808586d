import Foundation
import Glibc

/// Temporary files that become a file once complete (by rename), named after their writer's process:
/// `.NAME.pPID.RANDOM.partial` beside the file. A writer that dies leaves one behind; the next writer in
/// the same folder removes those whose process has ended.
public enum TemporaryFile {
    /// A new temporary path beside `path`, for this process.
    public static func path(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).p\(getpid()).\(UUID().uuidString.prefix(8)).partial").path
    }

    /// Removes the temporary files in `folder` whose writer has ended; returns how many.
    @discardableResult
    public static func removeAbandoned(in folder: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            guard let pid = writer(of: name), !isRunning(pid) else { continue }
            if unlink(folder + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    /// Whether process `pid` exists.
    public static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// The pid in a temporary file's name (`….pPID.RANDOM.partial`).
    private static func writer(of name: String) -> Int32? {
        let parts = name.split(separator: ".")
        guard parts.count >= 3 else { return nil }
        let tag = parts[parts.count - 3]
        guard tag.hasPrefix("p") else { return nil }
        return Int32(tag.dropFirst())
    }
}
