import Foundation
import SluiceData
import SluiceML

/// Renders the model store's contents (`models`) as a table, each version with its quality on rows it did
/// not learn from.
public struct ModelListRenderer: Sendable {
    public init() {}

    public func bundle(for models: [StoredModel], root: String) -> MimeBundle {
        guard !models.isEmpty else {
            return MimeBundle(plainText: "no models in \(root)", html: "<p>No models in <code>\(escapeHTML(root))</code>.</p>")
        }
        func text(_ values: [String]) -> Column { Column(name: "", values: .text(values, missing: MissingMask())) }
        let columns = [
            ("name", text(models.map(\.name))),
            ("version", Column(name: "", values: .integer(models.map { Int64($0.version) }, missing: MissingMask()))),
            ("status", text(models.map(\.status.rawValue))),
            ("algorithm", text(models.map(\.algorithm))),
            ("task", text(models.map(\.task))),
            ("target", text(models.map(\.target))),
            ("held out", text(models.map { $0.heldOut?.text ?? "— (evaluate it before saving)" })),
            ("rows", Column(name: "", values: .integer(models.map { Int64($0.trainingRows) }, missing: MissingMask()))),
            ("trained at", text(models.map { $0.savedAt.ISO8601Format(Date.ISO8601FormatStyle(timeZone: .gmt)) })),
        ].map { name, column in Column(name: name, values: column.values) }
        // Names are unique and lengths equal, so this cannot fail.
        let table = try! Table(columns: columns)
        return TableRenderer(maxRows: .max).bundle(for: table)
    }
}

extension HeldOutScore {
    /// In words: `auc 0.8461 (evaluated on 1,409 rows)`, `auc 0.846 ± 0.010 (the search's 5-fold cross-validation)`.
    var text: String {
        "\(metric) \(spread.map { formatUncertain(value, spread: $0) } ?? formatMeasure(value)) (\(method))"
    }
}
