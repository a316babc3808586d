import Foundation

/// A Jupyter message: routing identities, the four JSON parts and any binary buffers.
public struct Message: Sendable, Equatable {
    /// The ZeroMQ routing identities before the `<IDS|MSG>` delimiter.
    public var identities: [[UInt8]]
    public var header: JSONValue
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    public var buffers: [[UInt8]]

    public init(identities: [[UInt8]] = [], header: JSONValue, parentHeader: JSONValue = [:],
                metadata: JSONValue = [:], content: JSONValue, buffers: [[UInt8]] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// The header's `msg_type`.
    public var messageType: String { header["msg_type"]?.stringValue ?? "" }

    /// The protocol version messages are stamped with.
    public static let protocolVersion = "5.4"

    /// A header for a new message of `type` in `session`, sent by `userName`.
    public static func header(type: String, session: String, userName: String) -> JSONValue {
        [
            "msg_id": .string(UUID().uuidString.lowercased()),
            "session": .string(session),
            "username": .string(userName),
            "date": .string(Date().ISO8601Format(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))),
            "msg_type": .string(type),
            "version": .string(protocolVersion),
        ]
    }
}
