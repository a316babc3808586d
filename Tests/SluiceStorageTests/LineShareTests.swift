import Foundation
import Testing
@testable import SluiceStorage

@Suite("Shares of a file's lines, read by byte range")
struct LineShareTests {
    private func file(_ text: String) throws -> StorageLocation {
        let path = NSTemporaryDirectory() + "sluice-lines-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return .local(path)
    }

    private func read(_ location: StorageLocation, _ range: Range<Int>) throws -> String {
        let reader = try Storage.reader(location, range: range, shouldStop: { false })
        defer { reader.close() }
        var buffer = [UInt8](repeating: 0, count: 3)  // small reads: the range's end is kept across them
        var bytes: [UInt8] = []
        while true {
            let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("every line belongs to the one share it starts in, for any number of shares")
    func sharesCoverEveryLineOnce() throws {
        let lines = ["h,x\n"] + (0..<37).map { "\($0),\(String(repeating: "y", count: $0 % 7))\n" }
        let location = try file(lines.joined())
        let size = lines.joined().utf8.count
        let header = try Storage.firstLine(of: location)
        #expect(String(decoding: header, as: UTF8.self) == "h,x\n")
        for count in [1, 2, 3, 5, 36, 40] {
            let shares = try (0..<count).map { try Storage.lineShare(of: location, body: header.count..<size, index: $0, count: count) }
            let text = try shares.map { try read(location, $0) }
            #expect(text.joined() == lines.dropFirst().joined(), "\(count) shares")
            #expect(text.allSatisfy { $0.isEmpty || $0.hasSuffix("\n") })
            #expect(shares.first?.lowerBound == header.count && shares.last?.upperBound == size)
        }
    }

    @Test("a last line without a newline and a line longer than the lookahead window")
    func longAndUnterminatedLines() throws {
        let long = String(repeating: "z", count: 200_000)
        let location = try file("h\n\(long)\nshort\nlast")
        let size = 2 + long.utf8.count + 1 + 6 + 4
        let shares = try (0..<4).map { try Storage.lineShare(of: location, body: 2..<size, index: $0, count: 4) }
        #expect(try shares.map { try read(location, $0) }.joined() == "\(long)\nshort\nlast")
        #expect(try Storage.lineStart(in: location, atOrAfter: 5, size: size) == 2 + long.utf8.count + 1)
        #expect(try Storage.lineStart(in: location, atOrAfter: size - 2, size: size) == size)
    }

    @Test("a gzip file cannot be read from its middle")
    func gzipRefused() throws {
        #expect(throws: StorageError.self) { try Storage.reader(.local("/tmp/x.csv.gz"), range: 5..<9, shouldStop: { false }) }
    }

    @Test("a sibling lies in the same folder or under the same prefix")
    func siblings() {
        #expect(StorageLocation.local("/a/b/out.csv").sibling(named: ".p") == .local("/a/b/.p"))
        #expect(StorageLocation.local("out.csv").sibling(named: ".p") == .local(".p"))
        #expect(StorageLocation.local("/out.csv").sibling(named: ".p") == .local("/.p"))
        #expect(StorageLocation.s3(bucket: "b", key: "x/y/out.csv").sibling(named: ".p") == .s3(bucket: "b", key: "x/y/.p"))
        #expect(StorageLocation.s3(bucket: "b", key: "out.csv").sibling(named: ".p") == .s3(bucket: "b", key: ".p"))
    }
}
