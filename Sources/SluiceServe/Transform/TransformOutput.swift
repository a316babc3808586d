import SluiceStorage

/// A transform's output: whatever ``Storage/writer(_:shouldStop:)`` writes at the location (a local
/// file under a temporary name, renamed into place when complete; an S3 object by multipart upload,
/// completed then; gzip on the way for `.gz`), with its errors said as a transform's.
final class TransformOutput {
    private let location: StorageLocation
    private let writer: any ByteWriter

    init(location: StorageLocation, shouldStop: @escaping @Sendable () -> Bool) throws(TransformError) {
        self.location = location
        do {
            writer = try Storage.writer(location, shouldStop: shouldStop)
        } catch {
            throw .cannotWrite("cannot write \(location): \(error)")
        }
    }

    func append(_ bytes: [UInt8]) throws(TransformError) {
        do {
            try writer.write(bytes)
        } catch let error as StorageError where error.kind == .interrupted {
            throw .interrupted(rowsDone: 0)
        } catch {
            throw .cannotWrite("cannot write \(location): \(error)")
        }
    }

    /// Makes the output the location's content.
    func commit() throws(TransformError) {
        do {
            try writer.commit()
        } catch {
            throw .cannotWrite("cannot write \(location): \(error)")
        }
    }

    /// Drops what was written: the location keeps what it had.
    func discard() {
        writer.abort()
    }
}
