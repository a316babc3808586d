import Foundation
import Glibc
import SluiceData
import SluiceStorage

/// A transform's output: a local file written under a temporary name beside the final one and renamed
/// into place only when complete, or an S3 object written by multipart upload and completed then.
final class TransformOutput {
    private let path: String
    private let temporary: String
    private let file: AppendingFile?
    private let object: (any ByteWriter)?

    init(location: StorageLocation, shouldStop: @escaping @Sendable () -> Bool) throws(TransformError) {
        let path: String
        switch location {
        case .s3(let bucket, let key):
            self.path = location.description
            temporary = ""
            file = nil
            do {
                object = try Storage.writer(bucket: bucket, key: key, shouldStop: shouldStop)
            } catch {
                throw .cannotWrite("cannot write \(location): \(error)")
            }
            return
        case .local(let local):
            path = local
            object = nil
        }
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
            if let object { try object.write(bytes) } else { try file!.write(bytes) }
        } catch let error as StorageError where error.kind == .interrupted {
            throw .interrupted(rowsDone: 0)
        } catch {
            throw .cannotWrite("cannot write \(path): \(error)")
        }
    }

    /// Flushes the file to disk and gives it its final name, or completes the object.
    func commit() throws(TransformError) {
        if let object {
            do {
                try object.commit()
            } catch {
                throw .cannotWrite("cannot write \(path): \(error)")
            }
            return
        }
        do {
            try file!.close()
        } catch {
            throw .cannotWrite("cannot write \(path): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite("cannot move the output to \(path): \(reason)")
        }
    }

    /// Removes the temporary file, or aborts the object's upload.
    func discard() {
        if let object {
            object.abort()
            return
        }
        try? file?.close()
        unlink(temporary)
    }
}
