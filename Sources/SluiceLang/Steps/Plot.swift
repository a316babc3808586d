import SluiceData
import SluiceDisplay

/// `plot scatter|line|bar|histogram|box|heatmap …`: a chart of the table, as a value (`save p to
/// "p.svg"` or `"p.html"`).
struct PlotStep: TableStepSyntax {
    static let keyword = Keyword.plot
    static let help = HelpTopic(.plot, .tableSteps, usage: "TABLE | plot scatter X Y [color C]  /  line X Y [color C]  /  bar X Y  /  histogram X [bins n] [color C]  /  box Y by X  /  heatmap",
                                text: "A chart of the table: a value, shown as SVG (and interactive in JupyterLab), or as text in a terminal; `save p to \"p.svg\"` or `\"p.html\"`. X and Y are numbers (booleans as 0 and 1) or, on the x axis, datetimes; C and box's X are categories (at most 10 and 60). Rows with a missing value are left out. A large table is drawn faithfully: scatter draws a random sample of 5,000 points, line the lowest and highest value in each of 1,000 slices of X, and the chart says so. heatmap draws a crosstab: the first column names the rows, the other columns hold numbers.")
    static let completion = StepCompletion.columns

    enum Kind: String, Sendable, CaseIterable {
        case scatter, line, bar, histogram, box, heatmap
    }

    var kind: Kind
    /// The columns the chart draws, in the order written.
    var x: Name?
    var y: Name?
    var color: Name?
    var bins: Expression?

    static func parse(_ parser: inout Parser) throws(Diagnostic) -> PlotStep {
        parser.advance()
        guard case .word(let word) = parser.current.kind, let kind = Kind(rawValue: word) else {
            throw Diagnostic(.syntax, "expected the kind of chart after `plot`", span: parser.current.span,
                             label: "found \(parser.current.display)",
                             help: "the kinds are \(Kind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")): `plot scatter carat price`")
        }
        parser.advance()
        var step = PlotStep(kind: kind)
        switch kind {
        case .scatter, .line:
            step.x = try parser.parseColumnName("the column across (x)")
            step.y = try parser.parseColumnName("the column up (y)")
            step.color = try parseColor(&parser)
        case .bar:
            step.x = try parser.parseColumnName("the column of the bars' names")
            step.y = try parser.parseColumnName("the column of the bars' heights")
        case .histogram:
            step.x = try parser.parseColumnName("the column to count")
            if parser.current.isWord("bins") {
                parser.advance()
                step.bins = try parser.parseUnary()
            }
            step.color = try parseColor(&parser)
        case .box:
            step.y = try parser.parseColumnName("the column of values")
            guard parser.take(.by) else {
                throw Diagnostic(.syntax, "expected `by` and the column of the boxes", span: parser.current.span,
                                 label: "found \(parser.current.display)", help: "write `plot box price by cut`")
            }
            step.x = try parser.parseColumnName("the column of the boxes")
        case .heatmap:
            break
        }
        return step
    }

    private static func parseColor(_ parser: inout Parser) throws(Diagnostic) -> Name? {
        guard parser.current.isWord("color") else { return nil }
        parser.advance()
        return try parser.parseColumnName("the column whose values get a colour each")
    }

    private init(kind: Kind) {
        self.kind = kind
    }

    private var names: [Name] { [x, y, color].compactMap { $0 } }

    func check(_ resolver: inout Resolver, on input: Schema?) -> StaticValue {
        resolver.check(bins)
        if let input { names.forEach { resolver.checkColumn($0, in: input) } }
        return .other
    }

    func apply(to table: Table, _ evaluator: Evaluator, span: SourceSpan) throws -> Value {
        for name in names where table.column(named: name.text) == nil { throw evaluator.unknownColumn(name, in: table) }
        let bins = try bins.map { try evaluator.wholeNumber($0, "`bins` needs a whole number") } ?? 20
        guard (1...500).contains(bins) else {
            throw Diagnostic(.type, "`bins` must be from 1 to 500", span: self.bins?.span ?? span, label: "\(bins) bins")
        }
        let (x, y, color) = (x?.text ?? "", y?.text ?? "", color?.text)
        do throws(TableCharts.Problem) {
            switch kind {
            case .scatter: return .chart(try TableCharts.scatter(table, x: x, y: y, color: color))
            case .line: return .chart(try TableCharts.line(table, x: x, y: y, color: color))
            case .bar: return .chart(try TableCharts.bar(table, x: x, y: y))
            case .histogram: return .chart(try TableCharts.histogram(table, x: x, bins: bins, color: color))
            case .box: return .chart(try TableCharts.box(table, y: y, by: x))
            case .heatmap: return .chart(try TableCharts.heatmap(table))
            }
        } catch {
            let at = names.first { $0.text == error.column }?.span ?? span
            throw Diagnostic(.type, error.message, span: at, label: "cannot be drawn")
        }
    }
}
