/// Converts between messages and ZeroMQ multipart frames:
/// `[identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]`.
public struct WireFormat: Sendable {
    /// The frame that separates routing identities from the message.
    public static let delimiter = Array("<IDS|MSG>".utf8)

    public let signer: MessageSigner

    public init(signer: MessageSigner) {
        self.signer = signer
    }

    /// Why incoming frames were not accepted.
    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case missingDelimiter
        case tooFewFrames(Int)
        case badSignature
        case invalidJSON(part: String)

        public var description: String {
            switch self {
            case .missingDelimiter: "no <IDS|MSG> delimiter frame"
            case .tooFewFrames(let count): "expected at least 5 frames after the delimiter, found \(count)"
            case .badSignature: "the HMAC signature does not match"
            case .invalidJSON(let part): "the \(part) frame is not valid JSON"
            }
        }
    }

    /// Decodes frames, checking the signature before parsing anything.
    public func decode(_ frames: [[UInt8]]) throws(DecodeError) -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw .missingDelimiter }
        let parts = Array(frames[(split + 1)...])
        guard parts.count >= 5 else { throw .tooFewFrames(parts.count) }
        guard signer.verify(signature: parts[0], of: Array(parts[1...4])) else { throw .badSignature }
        func parse(_ bytes: [UInt8], _ part: String) throws(DecodeError) -> JSONValue {
            do { return try JSONValue.parse(bytes) } catch { throw .invalidJSON(part: part) }
        }
        return Message(
            identities: Array(frames[..<split]),
            header: try parse(parts[1], "header"),
            parentHeader: try parse(parts[2], "parent_header"),
            metadata: try parse(parts[3], "metadata"),
            content: try parse(parts[4], "content"),
            buffers: Array(parts.dropFirst(5))
        )
    }

    /// The signature frame of `frames`, if they have one after the delimiter.
    public static func signature(of frames: [[UInt8]]) -> [UInt8]? {
        guard let split = frames.firstIndex(of: delimiter), split + 1 < frames.count else { return nil }
        return frames[split + 1]
    }

    /// Encodes a message into signed frames.
    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [message.header, message.parentHeader, message.metadata, message.content].map { $0.serialized() }
        return message.identities + [Self.delimiter, Array(signer.signature(of: parts).utf8)] + parts + message.buffers
    }
}
