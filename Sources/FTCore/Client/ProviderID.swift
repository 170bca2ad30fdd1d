/// The adapter ids of the contract.
public struct ProviderID: RawRepresentable, Hashable, Sendable, CustomStringConvertible, CaseIterable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let openai = ProviderID(rawValue: "openai")
    public static let portkey = ProviderID(rawValue: "portkey")
    public static let truefoundry = ProviderID(rawValue: "truefoundry")
    public static let nebius = ProviderID(rawValue: "nebius")
    public static let genericV1 = ProviderID(rawValue: "generic-v1")

    public static let allCases: [ProviderID] = [.openai, .portkey, .truefoundry, .nebius, .genericV1]

    /// Accepts the ids and their aliases (`strongly` for generic-v1), any case.
    public static func parse(_ text: String) -> ProviderID? {
        let t = text.lowercased()
        if t == "strongly" || t == "generic_v1" || t == "genericv1" { return .genericV1 }
        return allCases.first { $0.rawValue == t }
    }

    /// Where the provider is when the user names no base URL; nil where one is required.
    public var defaultBaseURL: String? {
        switch self {
        case .openai: return "https://api.openai.com/v1"
        case .portkey: return "https://api.portkey.ai/v1"
        case .nebius: return "https://api.tokenfactory.nebius.com/v1"
        default: return nil
        }
    }

    /// The provider's own API key variable.
    public var keyEnvironmentVariable: String {
        switch self {
        case .openai: return "OPENAI_API_KEY"
        case .portkey: return "PORTKEY_API_KEY"
        case .truefoundry: return "TFY_API_KEY"
        case .nebius: return "NEBIUS_API_KEY"
        case .genericV1: return "STRONGLY_API_KEY"
        default: return "FTCTL_API_KEY"
        }
    }
}
