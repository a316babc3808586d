import Foundation

/// Why an invocation could not be answered: an HTTP status and a message that says where and what.
public struct InvocationError: Error, Equatable, CustomStringConvertible {
    /// The HTTP status code to answer with.
    public var status: Int
    public var message: String
    /// The 1-based row of the request the error is in, when it is in one.
    public var row: Int?
    /// The column the error is in, when it is in one.
    public var column: String?

    public init(status: Int, _ message: String, row: Int? = nil, column: String? = nil) {
        self.status = status
        self.message = message
        self.row = row
        self.column = column
    }

    /// A malformed request body (400).
    static func badRow(_ row: Int, column: String?, _ message: String) -> InvocationError {
        InvocationError(status: 400, "row \(row)" + (column.map { ", column `\($0)`" } ?? "") + ": " + message,
                        row: row, column: column)
    }

    public var description: String { message }

    /// The JSON body answered with the status: `{"error": …, "row": …, "column": …}`.
    public var jsonBody: [UInt8] {
        var object: [String: Any] = ["error": message]
        if let row { object["row"] = row }
        if let column { object["column"] = column }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data)
    }
}
