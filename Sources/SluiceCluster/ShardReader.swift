import SluiceData
import SluiceML
import SluiceStorage

/// A rank's shard of CSV data where it lies (local files or S3 objects, one or a glob of them): the
/// files' bytes taken as one run (headers aside) and cut into equal byte ranges, one a rank, each moved
/// to the line ends around it, so a record belongs to the range where it starts. gzip files cannot be
/// cut: each rank then reads whole files, split by name.
///
/// Every rank reads the same columns with the same kinds: when the shards' inferred kinds differ (a
/// column of whole numbers in one shard, decimals in another), every rank reads again with the widest.
struct ShardReader {
    let locations: [StorageLocation]
    let collective: any Collective

    func table() throws -> Table {
        let bytes = try shardBytes()
        var options = CSVOptions()
        var table = try CSVReader.read(bytes: bytes, source: "rank \(collective.rank)'s shard", options: options).table
        let kinds = table.columns.map { "\($0.name)=\($0.kind.rawValue)" }.joined(separator: "\n")
        let all = collective.allGather(Array(kinds.utf8)).map { String(decoding: $0, as: UTF8.self) }
        guard Set(all).count > 1 else { return table }
        options.types = Self.widest(all.map { text in
            text.split(separator: "\n").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], ColumnKind(rawValue: parts[1]) ?? .text)
            }
        })
        table = try CSVReader.read(bytes: bytes, source: "rank \(collective.rank)'s shard", options: options).table
        return table
    }

    /// The kind each column takes on every rank: numbers widen to float, anything beside text to text.
    static func widest(_ ranks: [[(String, ColumnKind)]]) -> [String: ColumnKind] {
        var kinds: [String: ColumnKind] = [:]
        for rank in ranks {
            for (name, kind) in rank {
                guard let seen = kinds[name], seen != kind else {
                    kinds[name] = kind
                    continue
                }
                kinds[name] = seen.isNumeric && kind.isNumeric ? .float : .text
            }
        }
        return kinds
    }

    /// This rank's records as CSV text behind the first file's header.
    private func shardBytes() throws -> [UInt8] {
        if locations.contains(where: Storage.isCompressed) { return try wholeFiles() }
        var headers: [[UInt8]] = [], sizes: [Int] = []
        for location in locations {
            let header = try Storage.firstLine(of: location)
            if let first = headers.first, first != header {
                throw ClusterError.badShard("\(location) has other columns than \(locations[0]): every file of a job needs the same header")
            }
            headers.append(header)
            sizes.append(try Storage.size(of: location) - header.count)
        }
        let total = sizes.reduce(0, +)
        let start = total * collective.rank / collective.size, end = total * (collective.rank + 1) / collective.size
        var bytes = headers[0]
        bytes.reserveCapacity(headers[0].count + end - start + (1 << 16))
        var offset = 0
        for (index, location) in locations.enumerated() {
            let body = offset..<(offset + sizes[index])
            offset += sizes[index]
            let (from, to) = (max(start, body.lowerBound), min(end, body.upperBound))
            guard from < to else { continue }
            bytes += try records(of: location, headerLength: headers[index].count,
                                 from: from - body.lowerBound, to: to - body.lowerBound, size: sizes[index])
        }
        return bytes
    }

    /// The records that start in bytes `from..<to` of a file's body (after its header of `headerLength`).
    private func records(of location: StorageLocation, headerLength: Int, from: Int, to: Int, size: Int) throws -> [UInt8] {
        let fileSize = headerLength + size
        let first = try Storage.lineStart(in: location, atOrAfter: headerLength + from, size: fileSize)
        let last = try Storage.lineStart(in: location, atOrAfter: headerLength + to, size: fileSize)
        guard first < last else { return [] }
        var bytes = try Storage.bytes(of: location, in: first..<last)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }

    /// Whole files, split by name (for gzip, which cannot be cut).
    private func wholeFiles() throws -> [UInt8] {
        guard locations.count >= collective.size else {
            throw ClusterError.badShard("\(locations.count) gzip file\(locations.count == 1 ? "" : "s") cannot be shared among "
                                        + "\(collective.size) ranks (gzip cannot be cut): use as many files as instances, or more")
        }
        let mine = locations[(locations.count * collective.rank / collective.size)..<(locations.count * (collective.rank + 1) / collective.size)]
        var bytes: [UInt8] = []
        for (index, location) in mine.enumerated() {
            let reader = try Storage.reader(location, shouldStop: { false })
            defer { reader.close() }
            var content: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let got = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
                if got == 0 { break }
                content += chunk[..<got]
            }
            // The first file keeps its header; the others' are dropped.
            if index > 0, let end = content.firstIndex(of: UInt8(ascii: "\n")) { content.removeSubrange(...end) }
            if content.last != UInt8(ascii: "\n") { content.append(UInt8(ascii: "\n")) }
            bytes += content
        }
        return bytes
    }
}
