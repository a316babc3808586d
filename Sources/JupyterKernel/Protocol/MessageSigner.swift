import Crypto

/// Signs and verifies messages with HMAC-SHA256 over the header, parent
/// header, metadata and content frames, as the Jupyter wire protocol requires.
public struct MessageSigner: Sendable {
    /// The key's bytes (kept as bytes: swift-crypto's `SymmetricKey` is not `Sendable`).
    private let keyBytes: [UInt8]

    /// A signer keyed by the UTF-8 bytes of `key`; an empty key turns signing off.
    public init(key: String) {
        keyBytes = Array(key.utf8)
    }

    /// Whether messages are signed at all.
    public var isSigning: Bool { !keyBytes.isEmpty }

    /// The lowercase hex signature of the frames (empty when not signing).
    public func signature(of frames: [[UInt8]]) -> String {
        guard isSigning else { return "" }
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: keyBytes))
        for frame in frames { hmac.update(data: frame) }
        return hmac.finalize().map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
    }

    /// Whether `signature` is right for the frames, compared in constant time.
    /// Without a key every message is accepted.
    public func verify(signature: [UInt8], of frames: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        let expected = Array(self.signature(of: frames).utf8)
        guard signature.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(signature, expected) { difference |= a ^ b }
        return difference == 0
    }
}
