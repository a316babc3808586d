import Foundation
import SluiceML

/// Where an endpoint's model comes from.
public enum ModelSource: Sendable, Equatable {
    /// A model in a store: a pinned version, or the latest (re-read on every reload).
    case stored(root: String, name: String, version: Int?)
    /// A bundle file (`vN.json` of a store, or a copy).
    case file(String)

    /// Loads the model.
    public func load() throws -> ServedModel {
        switch self {
        case .stored(let root, let name, let version):
            let (bundle, loaded) = try ModelStore(root: root).load(name, version: version)
            return ServedModel(name: name, version: loaded, model: bundle.model)
        case .file(let path):
            let bundle = try ModelStore.readBundle(at: path)
            let version = Int(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.dropFirst()) ?? 0
            return ServedModel(name: modelName, version: version, model: bundle.model)
        }
    }

    /// The model's name: its store name, or for a bundle file the folder it is in (`models/NAME/vN.json`).
    public var modelName: String {
        switch self {
        case .stored(_, let name, _): name
        case .file(let path): URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        }
    }
}

/// The model an endpoint answers with, and which one it is.
public struct ServedModel: Sendable {
    public var name: String
    public var version: Int
    public var handler: InvocationHandler

    public init(name: String, version: Int, model: TrainedModel) {
        self.name = name
        self.version = version
        handler = InvocationHandler(model: model)
    }
}
