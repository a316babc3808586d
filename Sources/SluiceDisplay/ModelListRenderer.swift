import Foundation
import SluiceData
import SluiceML

/// Renders the model store's contents (`models`) as a table.
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
            ("algorithm", text(models.map(\.algorithm))),
            ("task", text(models.map(\.task))),
            ("target", text(models.map(\.target))),
            ("metrics", text(models.map { model in
                model.metrics.sorted { $0.key < $1.key }.map { "\($0.key) \(formatMeasure($0.value))" }.joined(separator: ", ")
            })),
            ("rows", Column(name: "", values: .integer(models.map { Int64($0.trainingRows) }, missing: MissingMask()))),
            ("trained at", text(models.map { $0.savedAt.ISO8601Format(Date.ISO8601FormatStyle(timeZone: .gmt)) })),
        ].map { name, column in Column(name: name, values: column.values) }
        // Names are unique and lengths equal, so this cannot fail.
        let table = try! Table(columns: columns)
        return TableRenderer(maxRows: .max).bundle(for: table)
    }
}
