/// How an endpoint answers: Sluice's answers (every prediction column, labels by class name), or exactly as
/// SageMaker's built-in algorithm containers answer, for clients written against them.
public enum AnswerStyle: String, Sendable, Codable, CaseIterable {
    /// `score` and `predicted_label` by class name (binary), `predicted_label` and `probabilities` by class
    /// (multiclass), `score` (regression), `closest_cluster` and `distance_to_cluster` (k-means).
    case sluice
    /// XGBoost: one probability per line (multiclass: all of them); Linear Learner: `score` and `predicted_label`
    /// as 0|1 (the class's index); k-means as Sluice.
    case sagemaker
}
