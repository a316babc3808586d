/// The statements of the language whose engine (serving, batch transform, monitoring) this build
/// does not have: they parse and their names are checked, then this error stops the cell before it runs.
enum DeploymentStatements {
    /// The keyword of a deployment statement; nil for the others.
    static func keyword(of kind: Statement.Kind) -> String? {
        switch kind {
        case .deploy: "deploy"
        case .undeploy: "undeploy"
        case .listEndpoints: "endpoints"
        case .transform: "transform"
        case .monitorEndpoint, .monitorTable: "monitor"
        default: nil
        }
    }

    static func notBuilt(_ keyword: String, span: SourceSpan) -> Diagnostic {
        Diagnostic(.runtime, "`\(keyword)` is not available in this build of Sluice yet", span: span,
                   label: "endpoints, batch transform and monitoring are not built yet",
                   help: "see docs/language.md for what this build runs")
    }
}
