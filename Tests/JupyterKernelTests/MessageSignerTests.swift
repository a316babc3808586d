import Testing
@testable import JupyterKernel

@Suite("Message signing")
struct MessageSignerTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("HMAC-SHA256 over the frames in order matches RFC 4231 test case 2")
    func rfc4231CaseTwo() {
        // Key "Jefe", data "what do ya want for nothing?", split across four frames.
        let signer = MessageSigner(key: "Jefe")
        let frames = [bytes("what do ya "), bytes("want "), bytes("for nothing?"), []]
        #expect(signer.signature(of: frames) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("RFC 4231 test case 1: a twenty-byte key of 0x0b")
    func rfc4231CaseOne() {
        let signer = MessageSigner(key: String(repeating: "\u{0B}", count: 20))
        #expect(signer.signature(of: [bytes("Hi There")])
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test("verification accepts the right signature and rejects any other")
    func verification() {
        let signer = MessageSigner(key: "secret")
        let frames = [bytes("{}"), bytes("{}"), bytes("{}"), bytes("{\"code\":\"1\"}")]
        let good = bytes(signer.signature(of: frames))
        #expect(signer.verify(signature: good, of: frames))
        var flipped = good
        flipped[10] = flipped[10] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(!signer.verify(signature: flipped, of: frames))
        #expect(!signer.verify(signature: Array(good.dropLast()), of: frames))
        #expect(!signer.verify(signature: [], of: frames))
        #expect(!MessageSigner(key: "other").verify(signature: good, of: frames))
    }

    @Test("an empty key turns signing off")
    func emptyKey() {
        let signer = MessageSigner(key: "")
        #expect(!signer.isSigning)
        #expect(signer.signature(of: [bytes("x")]) == "")
        #expect(signer.verify(signature: bytes("anything"), of: [bytes("x")]))
    }
}
