/// The adapter ids of the contract. What each one means is its `ProviderDeclaration`.
public struct ProviderID: RawRepresentable, Hashable, Sendable, CustomStringConvertible, CaseIterable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let openai = ProviderID(rawValue: "openai")
    public static let portkey = ProviderID(rawValue: "portkey")
    public static let truefoundry = ProviderID(rawValue: "truefoundry")
    public static let nebius = ProviderID(rawValue: "nebius")
    public static let genericV1 = ProviderID(rawValue: "generic-v1")
    public static let together = ProviderID(rawValue: "together")

    public static var allCases: [ProviderID] { ProviderDeclaration.all.map(\.id) }

    /// Accepts the ids and their aliases (`strongly` for generic-v1), any case.
    public static func parse(_ text: String) -> ProviderID? {
        let t = text.lowercased()
        return ProviderDeclaration.all.first { $0.id.rawValue == t || $0.aliases.contains(t) }?.id
    }

    /// The declaration of this provider; an id ftctl does not know behaves as OpenAI-compatible.
    public var declaration: ProviderDeclaration {
        if let d = ProviderDeclaration.all.first(where: { $0.id == self }) { return d }
        var d = ProviderDeclaration.openai
        d.id = self
        d.defaultBaseURL = nil
        d.keyVariable = "FTCTL_API_KEY"
        return d
    }

    public var defaultBaseURL: String? { declaration.defaultBaseURL }
    public var keyEnvironmentVariable: String { declaration.keyVariable }
}
