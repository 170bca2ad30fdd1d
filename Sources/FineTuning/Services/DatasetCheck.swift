import FTCore
import Foundation

/// `ftctl validate` as a service: picks the token counter (a rank file given, found on this
/// machine for the model's family, or the family's estimate), the provider's rules and the
/// model's context limit, then runs the streaming validator once over the file.
public struct DatasetCheck: Sendable {
    public var format: FormatOption = .auto
    public var provider: ProviderID = .openai
    /// The model whose tokenizer and context limit apply.
    public var model: String?
    /// A rank file's path, or a family name (`cl100k_base`) to find on this machine.
    public var tokenizer: String?
    public var environment: [String: String]
    /// Where `tokenizers/` and catalog overrides live (the config file's folder).
    public var configDirectory: String?
    /// Where the model's context limit comes from (over-limit examples are warned about).
    public var catalog: Catalog?

    public init(environment: [String: String]) {
        self.environment = environment
        configDirectory = (ConfigFile.defaultPath(environment: environment) as NSString).deletingLastPathComponent
    }

    /// The family the model (or, with none, OpenAI's current models) is tokenized with.
    public var encoding: Encoding {
        if let name = tokenizer, let e = Encoding(rawValue: name) { return e }
        return model.flatMap(Encoding.forModel) ?? .o200kBase
    }

    /// Exact when a rank file is at hand, else the family's estimate.
    public func counter() throws -> any TokenCounting {
        if let tokenizer, Encoding(rawValue: tokenizer) == nil {
            // A path: the file names its own family by its SHA-256.
            return ExactTokenCounter(try Tokenizer.load(path: tokenizer, encoding: nil))
        }
        let family = encoding
        let found = RankFileLocator.locate(family, environment: environment, configDirectory: configDirectory,
                                           fileExists: { FileManager.default.fileExists(atPath: $0) })
        guard let path = found else { return FamilyEstimateCounter(family) }
        return ExactTokenCounter(try Tokenizer.load(path: path, encoding: family))
    }

    /// The model's context limit from the catalog, when the model is known.
    public func contextLimit(catalog: Catalog?) -> Int? {
        guard let model, let entry = try? catalog?.model(model) else { return nil }
        return entry.maxContext
    }

    public func run(path: String, writeFixed: String? = nil, catalog: Catalog? = nil) async throws -> ValidationResult {
        var options = ValidationOptions()
        options.format = format
        options.rules = ProviderRules.named(provider.rawValue) ?? .openai
        options.contextLimit = contextLimit(catalog: catalog ?? self.catalog)
        options.tokenCounter = try counter()
        let validator = DatasetValidator(options: options)
        if let writeFixed { return try await validator.writeFixed(path: path, to: writeFixed) }
        return try await validator.validate(path: path)
    }
}
