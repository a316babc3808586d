import Testing
@testable import JupyterKernel

@Suite("Wire frames")
struct WireFormatTests {
    let wire = WireFormat(signer: MessageSigner(key: "k"))

    private func sample() -> Message {
        Message(identities: [[1, 2, 3], Array("client".utf8)],
                header: ["msg_id": "m1", "msg_type": "execute_request", "session": "s", "username": "u",
                         "date": "2026-11-25T00:00:00.000Z", "version": "5.3"],
                parentHeader: [:], metadata: [:], content: ["code": "1 + 2", "silent": false],
                buffers: [[9, 9]])
    }

    @Test("encoding lays out identities, delimiter, signature, the four parts and buffers")
    func layout() {
        let frames = wire.encode(sample())
        #expect(frames.count == 2 + 1 + 1 + 4 + 1)
        #expect(frames[0] == [1, 2, 3])
        #expect(frames[2] == Array("<IDS|MSG>".utf8))
        #expect(frames[7] == Array(#"{"code":"1 + 2","silent":false}"#.utf8))
        #expect(frames[3] == Array(MessageSigner(key: "k").signature(of: Array(frames[4...7])).utf8))
        #expect(frames[8] == [9, 9])
    }

    @Test("decoding what was encoded gives the message back")
    func roundTrip() throws {
        let message = sample()
        #expect(try wire.decode(wire.encode(message)) == message)
        #expect(try wire.decode(wire.encode(message)).messageType == "execute_request")
    }

    @Test("bad signatures, missing delimiters, short messages and bad JSON are rejected")
    func rejections() {
        var frames = wire.encode(sample())
        #expect(throws: WireFormat.DecodeError.badSignature) {
            try WireFormat(signer: MessageSigner(key: "other")).decode(frames)
        }
        #expect(throws: WireFormat.DecodeError.missingDelimiter) { try wire.decode(Array(frames[3...])) }
        #expect(throws: WireFormat.DecodeError.tooFewFrames(3)) { try wire.decode(Array(frames[0...5])) }
        frames[7] = Array("{not json".utf8)
        frames[3] = Array(MessageSigner(key: "k").signature(of: Array(frames[4...7])).utf8)
        #expect(throws: WireFormat.DecodeError.invalidJSON(part: "content")) { try wire.decode(frames) }
        frames[7] = Array("{}".utf8)
        #expect(throws: WireFormat.DecodeError.badSignature) { try wire.decode(frames) }
    }

    @Test("new headers carry the host's user name, the protocol version and a UTC timestamp")
    func header() {
        let header = Message.header(type: "status", session: "abc", userName: "host")
        #expect(header["msg_type"] == "status")
        #expect(header["username"] == "host")
        #expect(header["session"] == "abc")
        #expect(header["version"] == "5.4")
        #expect(header["date"]?.stringValue?.hasSuffix("Z") == true)
        #expect(header["msg_id"] != Message.header(type: "status", session: "abc", userName: "host")["msg_id"])
    }
}
