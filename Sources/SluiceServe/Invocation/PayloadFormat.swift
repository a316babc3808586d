/// The body formats of SageMaker's inference contract.
public enum PayloadFormat: String, Sendable, CaseIterable {
    /// `text/csv`: one row per line, no header, columns in the model's input order.
    case csv = "text/csv"
    /// `application/json`: `{"instances": [...]}` in requests, `{"predictions": [...]}` in responses.
    case json = "application/json"
    /// `application/jsonlines`: one JSON object (or array) per line.
    case jsonLines = "application/jsonlines"

    /// The format a `Content-Type` header names (parameters such as `charset` are ignored); nil for an
    /// unknown type. A missing header is taken as CSV, as SageMaker's built-in algorithms do.
    public static func ofContentType(_ header: String?) -> PayloadFormat? {
        guard let header, !header.trimmingWhitespace.isEmpty else { return .csv }
        return named(mediaType(header))
    }

    /// The format to answer in for an `Accept` header: the acceptable type with the highest quality,
    /// CSV first among equals and for `*/*`; CSV when the header is missing; nil when nothing offered is acceptable.
    public static func forAccept(_ header: String?) -> PayloadFormat? {
        guard let header, !header.trimmingWhitespace.isEmpty else { return .csv }
        var best: (format: PayloadFormat, quality: Double)?
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";")
            let type = mediaType(String(parts.first ?? ""))
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
                if pair.count == 2, pair[0] == "q", let value = Double(pair[1]) { quality = value }
            }
            guard quality > 0 else { continue }
            let candidates: [PayloadFormat] = switch type {
            case "*/*": [.csv]
            case "text/*": [.csv]
            case "application/*": [.json]
            default: named(type).map { [$0] } ?? []
            }
            for format in candidates where best == nil || quality > best!.quality {
                best = (format, quality)
            }
        }
        return best?.format
    }

    private static func named(_ type: String) -> PayloadFormat? {
        switch type {
        case "text/csv": .csv
        case "application/json": .json
        case "application/jsonlines", "application/x-jsonlines", "application/jsonl": .jsonLines
        default: nil
        }
    }

    private static func mediaType(_ header: String) -> String {
        String(header.split(separator: ";", maxSplits: 1).first ?? "").trimmingWhitespace.lowercased()
    }
}

extension String {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
