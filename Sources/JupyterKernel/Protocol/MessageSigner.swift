import SluiceDigest

/// Signs and verifies messages with HMAC-SHA256 over the header, parent
/// header, metadata and content frames, as the Jupyter wire protocol requires.
public struct MessageSigner: Sendable {
    /// The key's bytes.
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
        return Digest.hex(Digest.hmacSHA256(key: keyBytes, Array(frames.joined())))
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
