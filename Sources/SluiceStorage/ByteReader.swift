/// Bytes read in order from a location that is not a local file (an S3 object).
public protocol ByteReader: AnyObject {
    /// The size in bytes, when known.
    var size: Int? { get }
    /// Reads up to `buffer.count` bytes; returns how many, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Stops any reading ahead.
    func close()
}

/// Bytes written in order to a location, which holds them only once ``commit()`` returns: until then
/// (and after ``abort()``) whatever was at the location before is untouched.
public protocol ByteWriter: AnyObject {
    func write(_ bytes: [UInt8]) throws
    /// Makes the bytes written the location's content.
    func commit() throws
    /// Drops the bytes written; nothing is left behind.
    func abort()
}
