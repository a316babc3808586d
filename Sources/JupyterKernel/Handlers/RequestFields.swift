/// The fields of a request's content, read with their types checked: a field of the wrong type, or a
/// number out of range, is a ``BadRequest`` that the kernel answers with an error reply instead of
/// acting on (or crashing on) it. A missing field takes the protocol's default.
struct RequestFields {
    let content: JSONValue

    /// A field that was present but not what the protocol says.
    struct BadRequest: Error {
        let message: String
    }

    func string(_ name: String, default value: String) throws(BadRequest) -> String {
        guard let field = content[name], field != .null else { return value }
        guard let text = field.stringValue else { throw BadRequest(message: "`\(name)` must be a string") }
        return text
    }

    func bool(_ name: String, default value: Bool) throws(BadRequest) -> Bool {
        guard let field = content[name], field != .null else { return value }
        guard let flag = field.boolValue else { throw BadRequest(message: "`\(name)` must be true or false") }
        return flag
    }

    /// A whole number in `range`.
    func integer(_ name: String, default value: Int?, in range: ClosedRange<Int> = 0...Int.max) throws(BadRequest) -> Int? {
        guard let field = content[name], field != .null else { return value }
        guard let number = field.intValue, range.contains(number) else {
            throw BadRequest(message: "`\(name)` must be a whole number" + (range.lowerBound == Int.min ? "" : " of at least \(range.lowerBound)")
                                 + (range.upperBound == Int.max ? "" : " and at most \(range.upperBound)"))
        }
        return number
    }

    /// `code` and a `cursor_pos` within it (in Unicode code points; the end when missing).
    func codeAndCursor() throws(BadRequest) -> (code: String, cursor: Int) {
        let code = try string("code", default: "")
        let length = code.unicodeScalars.count
        return (code, try integer("cursor_pos", default: length, in: 0...length)!)
    }
}
