import Foundation
import Glibc

/// Writes whole files so that readers see the old contents or the new, never
/// a mix: the bytes go to a temporary file in the same folder, which is then
/// renamed over the target. Missing folders are created.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = URL(fileURLWithPath: TemporaryFile.path(beside: path))
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
