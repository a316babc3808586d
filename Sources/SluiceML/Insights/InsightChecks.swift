import Foundation
import SluiceData

/// The findings of an insights report, each with what to do, most pressing first: leakage, rows
/// without a target, constant columns, duplicates, identifiers, imbalance, missing values, correlated
/// pairs, outliers.
struct InsightChecks {
    let table: Table
    let report: TableInsights

    func findings() throws -> [InsightFinding] {
        var found = leakage() + missingTarget() + constant() + duplicates() + highCardinality() + imbalance() + missing()
        found += try correlated()
        found += outliers()
        return found
    }

    private var features: [ColumnInsight] { report.columns.filter { $0.name != report.target } }

    private func leakage() -> [InsightFinding] {
        guard let target = report.target else { return [] }
        let isRegression = report.task == .regression
        let bar = isRegression ? InsightThresholds.leakageR2 : InsightThresholds.leakageAUC
        return features.compactMap { column in
            guard let power = column.predictivePower, power >= bar else { return nil }
            let score = isRegression ? "R² \(formatted(power))" : "AUC \(formatted(power))"
            return InsightFinding(
                kind: .leakage, severity: .warning, columns: [column.name],
                message: "`\(column.name)` alone predicts `\(target)` with \(score) on held-out rows",
                advice: "make sure it is known before `\(target)` is; if it is recorded after or from it, drop it: `select -[\(column.name)]`")
        }
    }

    private func missingTarget() -> [InsightFinding] {
        guard let target = report.target, let column = report.columns.first(where: { $0.name == target }), column.missing > 0 else { return [] }
        return [InsightFinding(kind: .missingTarget, severity: .warning, columns: [target],
                               message: "\(count(column.missing)) rows have no `\(target)`",
                               advice: "a model cannot learn from them: `filter \(target) is not null` before training")]
    }

    private func constant() -> [InsightFinding] {
        features.filter { $0.distinct <= 1 }.map { column in
            InsightFinding(kind: .constant, severity: .warning, columns: [column.name],
                           message: column.distinct == 0 ? "`\(column.name)` is missing in every row" : "`\(column.name)` has one value in every row that has one",
                           advice: "it cannot help a model: drop it with `select -[\(column.name)]`")
        }
    }

    private func duplicates() -> [InsightFinding] {
        guard report.duplicateRows > 0 else { return [] }
        return [InsightFinding(kind: .duplicates, severity: .warning, columns: [],
                               message: "\(count(report.duplicateRows)) rows (\(percent(report.duplicateRows, of: report.rows))) repeat an earlier row exactly",
                               advice: "if they are not real repeats, `distinct` keeps the first of each; left in, they weigh double and can sit on both sides of a split")]
    }

    private func highCardinality() -> [InsightFinding] {
        features.filter { column in
            (column.kind == .text || column.kind == .categorical) && column.distinct > InsightThresholds.highCardinality
                && Double(column.distinct) >= InsightThresholds.identifierShare * Double(report.rows - column.missing)
        }.map { column in
            InsightFinding(kind: .highCardinality, severity: .warning, columns: [column.name],
                           message: "`\(column.name)` has \(count(column.distinct)) distinct values in \(count(report.rows - column.missing)) rows",
                           advice: "an identifier or free text tells a model nothing new: drop it, or derive a coarser column from it")
        }
    }

    private func imbalance() -> [InsightFinding] {
        guard let target = report.target, let sizes = report.classCounts else { return [] }
        let classes: [String] = switch report.task {
        case .binaryClassification(let negative, let positive): [negative, positive]
        case .multiclassClassification(let names): names
        default: []
        }
        guard let smallest = sizes.indices.min(by: { sizes[$0] < sizes[$1] }), let largest = sizes.max(),
              Double(sizes[smallest]) < InsightThresholds.imbalanceRatio * Double(largest) else { return [] }
        let total = sizes.reduce(0, +)
        return [InsightFinding(kind: .imbalance, severity: .warning, columns: [target],
                               message: "`\(target)` is \(percent(sizes[smallest], of: total)) \"\(classes[smallest])\" (\(count(sizes[smallest])) of \(count(total)) rows)",
                               advice: "judge models by AUC or F1, not accuracy; `split … stratify \(target)` keeps the share in both parts, `balance \(target) oversample` evens the classes for training")]
    }

    private func missing() -> [InsightFinding] {
        features.filter { $0.missing > 0 && $0.distinct > 0 }.map { column in
            let share = Double(column.missing) / Double(report.rows)
            let advice = share >= InsightThresholds.mostlyMissing
                ? "mostly missing: drop it, or keep only whether it is there (`derive has_\(column.name) = \(column.name) is not null`)"
                : (column.kind.isNumeric ? "boosted trees handle gaps by themselves; for linear models and k-means, `impute median [\(column.name)]` in the recipe"
                    : "boosted trees handle gaps by themselves; for linear models and k-means, `impute mode [\(column.name)]` in the recipe")
            return InsightFinding(kind: .missing, severity: share >= InsightThresholds.mostlyMissing ? .warning : .insight, columns: [column.name],
                                  message: "`\(column.name)` is missing in \(count(column.missing)) rows (\(percent(column.missing, of: report.rows)))",
                                  advice: advice)
        }
    }

    private func correlated() throws -> [InsightFinding] {
        let numeric = features.filter { $0.kind.isNumeric || $0.kind == .boolean }.map(\.name)
        guard numeric.count >= 2 else { return [] }
        let matrix = try table.selecting(numeric).correlation(.pearson)
        var found: [InsightFinding] = []
        for (i, first) in numeric.enumerated() {
            guard case .float(let values, let missing) = matrix.column(named: first)!.values else { continue }
            for j in (i + 1)..<numeric.count where !missing.isMissing(j) && abs(values[j]) >= InsightThresholds.correlation {
                found.append(InsightFinding(
                    kind: .correlated, severity: .insight, columns: [first, numeric[j]],
                    message: "`\(first)` and `\(numeric[j])` are correlated (r = \(formatted(values[j])))",
                    advice: "they carry much the same information: keeping one makes linear coefficients and importances easier to read"))
            }
        }
        return found
    }

    private func outliers() -> [InsightFinding] {
        features.compactMap { column in
            guard let outliers = column.outliers, outliers > 0 else { return nil }
            return InsightFinding(kind: .outliers, severity: .insight, columns: [column.name],
                                  message: "`\(column.name)` has \(count(outliers)) value\(outliers == 1 ? "" : "s") (\(percent(outliers, of: report.rows - column.missing))) beyond 1.5 × IQR from its quartiles",
                                  advice: "look at them (`plot histogram \(column.name)`): fix errors; trees are unmoved by extremes, linear models and k-means are pulled by them")
        }
    }

    private func count(_ value: Int) -> String { formatCount(value) }

    /// A share to one decimal; a share too small for that is "<0.1%".
    private func percent(_ part: Int, of whole: Int) -> String {
        let share = whole == 0 ? 0 : 100 * Double(part) / Double(whole)
        return share > 0 && share < 0.05 ? "<0.1%" : formatFloat((share * 10).rounded() / 10) + "%"
    }

    /// A score or correlation to three decimals.
    private func formatted(_ value: Double) -> String { String(format: "%.3f", value) }
}
