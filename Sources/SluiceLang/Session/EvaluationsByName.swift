import SluiceML

/// The latest `evaluate` of each bound model, by the name it is bound to, until that name is bound
/// again: the held-out score `save MODEL as "name"` keeps with the version. Used on the session's
/// thread only, like the session itself.
final class EvaluationsByName: @unchecked Sendable {
    private var scores: [String: HeldOutScore] = [:]

    func record(_ score: HeldOutScore, for name: String) { scores[name] = score }

    /// Forgets what was measured of the values these names held.
    func forget(_ names: [String]) {
        for name in names { scores[name] = nil }
    }

    func score(for name: String) -> HeldOutScore? { scores[name] }
}
