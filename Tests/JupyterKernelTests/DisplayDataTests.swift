import Testing
@testable import JupyterKernel

@Suite("Display data")
struct DisplayDataTests {
    @Test("JSON renderings (a Vega-Lite chart) go into messages as JSON; text stays text, and so does JSON that does not parse")
    func jsonRenderings() throws {
        let data = DisplayData(data: [
            "text/plain": "{\"a\": 1}",
            "application/vnd.vegalite.v5+json": "{\"mark\": \"bar\", \"width\": 420}",
            "application/json": "not json",
        ])
        #expect(data.json == .object([
            "text/plain": .string("{\"a\": 1}"),
            "application/vnd.vegalite.v5+json": .object(["mark": .string("bar"), "width": .integer(420)]),
            "application/json": .string("not json"),
        ]))
    }
}
