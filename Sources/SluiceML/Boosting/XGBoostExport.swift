import Foundation

/// Writes a model in the JSON format of `xgboost.Booster.save_model`, which
/// `Booster.load_model` reads (XGBoost 2.x and 3.x): its predictions are
/// this model's. Feature names lose the characters XGBoost forbids in them
/// (`[`, `]`, `<`, which become `_`).
public enum XGBoostExport {
    public static func json(for model: BoostedTreesModel) -> String {
        let featureCount = model.featureNames.count
        var trees: [String] = []
        for (index, tree) in model.trees.enumerated() {
            trees.append(treeJSON(tree, id: index, featureCount: featureCount))
        }
        let treeInfo = model.trees.indices.map { String($0 % model.outputCount) }.joined(separator: ",")
        let indptr = stride(from: 0, through: model.trees.count, by: model.outputCount).map(String.init).joined(separator: ",")
        let names = model.featureNames.map { string(sanitized($0)) }.joined(separator: ",")
        let types = Array(repeating: "\"float\"", count: featureCount).joined(separator: ",")
        let objective: String
        switch model.objective {
        case .multiSoftprob:
            objective = #"{"name":"multi:softprob","softmax_multiclass_param":{"num_class":"\#(model.outputCount)"}}"#
        default:
            objective = #"{"name":"\#(model.objective.rawValue)","reg_loss_param":{"scale_pos_weight":"1"}}"#
        }
        let numClass = model.objective == .multiSoftprob ? model.outputCount : 0
        return """
            {"learner":{"attributes":{},"feature_names":[\(names)],"feature_types":[\(types)],\
            "gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"\(model.trees.count)"},\
            "iteration_indptr":[\(indptr)],"tree_info":[\(treeInfo)],"trees":[\(trees.joined(separator: ","))]},"name":"gbtree"},\
            "learner_model_param":{"base_score":"\(number(Float(model.baseScore)))","boost_from_average":"1",\
            "num_class":"\(numClass)","num_feature":"\(featureCount)","num_target":"1"},\
            "objective":\(objective)},"version":[2,1,0]}
            """
    }

    private static func treeJSON(_ tree: RegressionTree, id: Int, featureCount: Int) -> String {
        func ints(_ values: [Int32]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
        func floats(_ values: [Float]) -> String { "[" + values.map(number).joined(separator: ",") + "]" }
        return """
            {"base_weights":\(floats(tree.baseWeights)),"categories":[],"categories_nodes":[],"categories_segments":[],\
            "categories_sizes":[],"default_left":\(ints(tree.defaultLeft.map { $0 ? 1 : 0 })),"id":\(id),\
            "left_children":\(ints(tree.leftChildren)),"loss_changes":\(floats(tree.lossChanges)),\
            "parents":\(ints(tree.parents)),"right_children":\(ints(tree.rightChildren)),\
            "split_conditions":\(floats(tree.splitConditions)),"split_indices":\(ints(tree.splitFeatures)),\
            "split_type":\(ints(Array(repeating: 0, count: tree.nodeCount))),"sum_hessian":\(floats(tree.sumHessians)),\
            "tree_param":{"num_deleted":"0","num_feature":"\(featureCount)","num_nodes":"\(tree.nodeCount)","size_leaf_vector":"1"}}
            """
    }

    /// A float as the shortest text that reads back to the same float.
    private static func number(_ value: Float) -> String {
        value.isFinite ? "\(value)" : "0"
    }

    private static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    private static func sanitized(_ name: String) -> String {
        String(name.map { "[]<".contains($0) ? "_" : $0 })
    }
}
