import Foundation
import Glibc
import SluiceData

/// A transform's output file, written under a temporary name beside the final one and renamed into
/// place only when complete.
final class TransformOutput {
    private let path: String
    private let temporary: String
    private let file: AppendingFile

    init(path: String) throws(TransformError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite("cannot create the folder \(folder): \(error.localizedDescription)")
        }
        self.path = path
        // Outputs of transforms that were killed are removed now.
        TemporaryFile.removeAbandoned(in: folder)
        temporary = TemporaryFile.path(beside: path)
        do {
            file = try AppendingFile(path: temporary, exclusive: true)
        } catch {
            throw .cannotWrite("cannot create a file in \(folder): \(error)")
        }
    }

    func append(_ bytes: [UInt8]) throws(TransformError) {
        do {
            try file.write(bytes)
        } catch {
            throw .cannotWrite("cannot write \(path): \(error)")
        }
    }

    /// Flushes the file to disk and gives it its final name.
    func commit() throws(TransformError) {
        do {
            try file.close()
        } catch {
            throw .cannotWrite("cannot write \(path): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite("cannot move the output to \(path): \(reason)")
        }
    }

    /// Removes the temporary file.
    func discard() {
        try? file.close()
        unlink(temporary)
    }
}
