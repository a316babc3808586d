import Foundation
import Synchronization
import Testing
@testable import SluiceStorage

@Suite("Whole objects at local locations")
struct LocalObjectsTests {
    private func folder() -> StorageLocation {
        .local(NSTemporaryDirectory() + "sluice-objects-\(UUID().uuidString)")
    }

    @Test("create writes only where nothing is, and of many creators at once exactly one wins")
    func exclusiveCreation() throws {
        let target = folder().appending("a/.v1.reserved")
        #expect(try Storage.create(Array("first".utf8), at: target))
        #expect(try !Storage.create(Array("second".utf8), at: target))
        #expect(try Storage.contents(of: target) == Array("first".utf8))
        let contested = folder().appending("b/.v1.reserved")
        let winners = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            if (try? Storage.create(Array("\(index)".utf8), at: contested)) == true { winners.add(1, ordering: .relaxed) }
        }
        #expect(winners.load(ordering: .relaxed) == 1)
        // No temporary file is left beside it.
        #expect(try Storage.entries(in: folder().appending("b")) == [])
        #expect(try Storage.entries(in: StorageLocation.local((contested.description as NSString).deletingLastPathComponent)) == [".v1.reserved"])
    }

    @Test("write replaces, remove forgets, entries and files list what is there")
    func listing() throws {
        let root = folder()
        try Storage.write(Array("1".utf8), to: root.appending("x/v1.json"))
        try Storage.write(Array("2".utf8), to: root.appending("x/v1.json"))
        try Storage.write(Array("3".utf8), to: root.appending("x/deeper/v2.json"))
        #expect(try Storage.contents(of: root.appending("x/v1.json")) == Array("2".utf8))
        #expect(try Storage.entries(in: root.appending("x")) == ["deeper", "v1.json"])
        #expect(try Storage.files(under: root) == [root.appending("x/deeper/v2.json"), root.appending("x/v1.json")])
        #expect(try Storage.exists(root.appending("x/v1.json")))
        try Storage.remove(root.appending("x/v1.json"))
        try Storage.remove(root.appending("x/v1.json"))
        #expect(try !Storage.exists(root.appending("x/v1.json")))
        #expect(try Storage.contentsIfPresent(of: root.appending("x/v1.json")) == nil)
        #expect(throws: StorageError.self) { try Storage.contents(of: root.appending("x/v1.json")) }
        #expect(try Storage.entries(in: root.appending("nothing")) == [])
        #expect(try Storage.firstBytes(of: root.appending("x/deeper/v2.json"), count: 10) == Array("3".utf8))
    }

    @Test("appending joins with one slash, for folders and S3 prefixes alike")
    func appending() {
        #expect(StorageLocation.local("/a/").appending("b/c").description == "/a/b/c")
        #expect(StorageLocation.local("/a").appending("b").description == "/a/b")
        #expect(StorageLocation.s3(bucket: "lake", key: "").appending("models").description == "s3://lake/models")
        #expect(StorageLocation.s3(bucket: "lake", key: "team/").appending("m").description == "s3://lake/team/m")
        #expect(StorageLocation.s3(bucket: "lake", key: "team").appending("m").description == "s3://lake/team/m")
    }
}
