import Foundation
import SluiceData
import Testing
@testable import SluiceML

/// x: 1, 2, null, 5 (integer); y: 2.0, 4.0, 6.0, 8.0; color: red, blue, red, null; churn: target.
private func training() throws -> Table {
    try Table(columns: [
        Column(name: "x", values: .integer([1, 2, 0, 5], missing: MissingMask(missingRows: [2]))),
        Column(name: "y", values: .float([2, 4, 6, 8], missing: MissingMask())),
        Column(name: "color", values: .categorical(codes: [0, 1, 0, -1], levels: ["red", "blue"])),
        Column(name: "churn", values: .categorical(codes: [0, 1, 1, 0], levels: ["No", "Yes"])),
    ])
}

private func numbers(_ table: Table, _ name: String) -> [Double?] {
    let column = table.column(named: name)!
    return (0..<column.count).map { column.isMissing($0) ? nil : Double(column.formattedValue(at: $0)!) }
}

@Suite("Recipes")
struct RecipeTests {
    @Test("impute mean, median, mode and constant learn hand-computed values")
    func impute() throws {
        let table = try training()
        func fill(_ strategy: ImputeStrategy, _ column: String) throws -> RecipeValue? {
            guard case .impute(let fills) = try Recipe(steps: [.impute(strategy, columns: [column])]).fit(on: table).steps[0] else {
                return nil
            }
            return fills[column]
        }
        #expect(try fill(.mean, "x") == .number(8.0 / 3))
        #expect(try fill(.median, "x") == .number(2))
        #expect(try fill(.mode, "color") == .text("red"))
        #expect(try fill(.mode, "x") == .number(1))  // all once: the smallest
        #expect(try fill(.constant(.text("none")), "color") == .text("none"))
        let fitted = try Recipe(steps: [.impute(.median, columns: ["x"]), .impute(.mode, columns: ["color"])]).fit(on: table)
        let prepared = try fitted.apply(to: table)
        #expect(prepared.column(named: "x")?.values == .integer([1, 2, 2, 5], missing: MissingMask()))
        #expect(prepared.column(named: "color")?.values == .categorical(codes: [0, 1, 0, 0], levels: ["red", "blue"]))
        let meanFilled = try Recipe(steps: [.impute(.mean, columns: nil)]).fit(on: table, target: "churn").apply(to: table)
        #expect(numbers(meanFilled, "x") == [1, 2, 8.0 / 3, 5])
    }

    @Test("impute mean refuses a text column, naming it")
    func imputeKinds() throws {
        #expect(throws: RecipeError.notApplicable(step: "impute mean", column: "color", kind: .categorical)) {
            try Recipe(steps: [.impute(.mean, columns: ["color"])]).fit(on: try training())
        }
    }

    @Test("one-hot: a 0/1 column per training level; missing and unseen values are all zeros")
    func oneHot() throws {
        let fitted = try Recipe(steps: [.encodeOneHot(columns: nil)]).fit(on: try training(), target: "churn")
        #expect(fitted.steps == [.oneHot(["color": ["blue", "red"]])])
        let serving = try Table(columns: [
            Column(name: "x", values: .integer([1, 1, 1], missing: MissingMask())),
            Column(name: "y", values: .float([0, 0, 0], missing: MissingMask())),
            Column(name: "color", values: .categorical(codes: [0, 1, -1], levels: ["green", "red"])),
        ])
        let encoded = try fitted.apply(to: serving)
        #expect(encoded.columnNames == ["x", "y", "color=blue", "color=red"])
        #expect(numbers(encoded, "color=blue") == [0, 0, 0])
        #expect(numbers(encoded, "color=red") == [0, 1, 0])
    }

    @Test("ordinal codes follow the given levels; unseen values are missing")
    func ordinal() throws {
        let fitted = try Recipe(steps: [.encodeOrdinal(column: "color", levels: ["red", "blue"])]).fit(on: try training())
        #expect(numbers(try fitted.apply(to: try training()), "color") == [0, 1, 0, nil])
        let sorted = try Recipe(steps: [.encodeOrdinal(column: "color", levels: nil)]).fit(on: try training())
        #expect(sorted.steps == [.ordinal(column: "color", levels: ["blue", "red"])])
    }

    @Test("scale standard uses the population deviation; minmax maps to [0, 1]; missing stays missing")
    func scale() throws {
        let standard = try Recipe(steps: [.scale(.standard, columns: ["y"])]).fit(on: try training())
        // mean 5, population variance (9 + 1 + 1 + 9) / 4 = 5.
        #expect(standard.steps == [.scale(["y": AffineScale(center: 5, scale: 5.0.squareRoot())])])
        let root5 = 5.0.squareRoot()
        #expect(numbers(try standard.apply(to: try training()), "y") == [-3 / root5, -1 / root5, 1 / root5, 3 / root5])
        let minmax = try Recipe(steps: [.scale(.minmax, columns: nil)]).fit(on: try training())
        #expect(numbers(try minmax.apply(to: try training()), "x") == [0, 0.25, nil, 1])
        #expect(numbers(try minmax.apply(to: try training()), "y") == [0, 1.0 / 3, 2.0 / 3, 1])
    }

    @Test("each step is fitted on the output of the steps before it")
    func sequential() throws {
        let fitted = try Recipe(steps: [.impute(.constant(.number(0)), columns: ["x"]), .scale(.minmax, columns: ["x"])])
            .fit(on: try training())
        #expect(fitted.steps.last == .scale(["x": AffineScale(center: 0, scale: 5)]))
    }

    @Test("applying checks the columns the recipe was fitted on")
    func schemaChecks() throws {
        let fitted = try Recipe(steps: [.scale(.minmax, columns: ["y"])]).fit(on: try training(), target: "churn")
        let withoutY = try training().dropping(["y"])
        #expect(throws: RecipeError.missingColumn("y")) { try fitted.apply(to: withoutY) }
        let noTarget = try training().dropping(["churn"])
        #expect(try fitted.apply(to: noTarget).columnNames == ["x", "y", "color"])
        let textY = try training().setting(Column(name: "y", values: .text(["a", "b", "c", "d"], missing: MissingMask())))
        #expect(throws: RecipeError.wrongKind(column: "y", expected: .float, actual: .text)) { try fitted.apply(to: textY) }
    }

    @Test("a fitted recipe survives a JSON round trip and prepares identically")
    func codable() throws {
        let fitted = try Recipe(steps: [
            .impute(.median, columns: ["x"]), .impute(.constant(.text("none")), columns: ["color"]),
            .encodeOneHot(columns: ["color"]), .scale(.standard, columns: ["x", "y"]),
        ]).fit(on: try training(), target: "churn")
        let json = try JSONEncoder().encode(fitted)
        let decoded = try JSONDecoder().decode(FittedRecipe.self, from: json)
        #expect(decoded == fitted)
        #expect(try decoded.apply(to: try training()) == (try fitted.apply(to: try training())))
        let recipe = Recipe(steps: [.encodeOrdinal(column: "color", levels: ["red"]), .impute(.mode, columns: nil)])
        #expect(try JSONDecoder().decode(Recipe.self, from: JSONEncoder().encode(recipe)) == recipe)
    }
}
