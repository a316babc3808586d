/// Lines of text files where they lie, found without reading the files whole: what cuts one file into
/// shares for several readers, each taking the lines that start in its share.
extension Storage {
    /// A file's first line, its newline included, from its first 64 KiB (not decompressed).
    public static func firstLine(of location: StorageLocation) throws(StorageError) -> [UInt8] {
        let start = try firstBytes(of: location, count: 1 << 16)
        guard let end = start.firstIndex(of: UInt8(ascii: "\n")) else {
            throw StorageError(.failed, location: location.description, "\(location) has no header line within its first 64 KiB")
        }
        return Array(start[...end])
    }

    /// Where the first line that starts at or after byte `offset` of a file of `size` bytes begins: `offset`
    /// itself when it is 0 or follows a newline, else just past the next newline, else `size`.
    public static func lineStart(in location: StorageLocation, atOrAfter offset: Int, size: Int) throws(StorageError) -> Int {
        guard offset > 0 else { return 0 }
        guard offset < size else { return size }
        // Look from one byte back: a line starts at `offset` when that byte is a newline.
        var from = offset - 1
        var window = 1 << 16
        while from < size {
            let bytes = try self.bytes(of: location, in: from..<min(size, from + window))
            if bytes.isEmpty { break }
            if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) { return from + newline + 1 }
            from += bytes.count
            window = min(window * 4, 16 << 20)
        }
        return size
    }

    /// The lines that start in share `index` of `count` equal byte shares of `body` (a file's bytes past
    /// its header): the byte range from the first such line's start to the next share's first line.
    public static func lineShare(of location: StorageLocation, body: Range<Int>, index: Int, count: Int) throws(StorageError) -> Range<Int> {
        let share = { (i: Int) in body.lowerBound + body.count * i / count }
        let start = try lineStart(in: location, atOrAfter: share(index), size: body.upperBound)
        let end = try lineStart(in: location, atOrAfter: share(index + 1), size: body.upperBound)
        return start..<max(start, end)
    }
}
