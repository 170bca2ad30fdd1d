import FTCore
import Foundation

/// Planning a job before it is sent: tokens from a dataset (counted as billing counts them) or
/// given, the provider's hardware list where it has one, and the provider's own estimate beside
/// ours where it offers one. Everything but those two calls is offline.
public struct JobEstimator: Sendable {
    public var planner: Planner

    public init(catalog: Catalog) {
        planner = Planner(catalog: catalog)
    }

    /// The user's catalogs: the built-in ones, extended or replaced by `<config folder>/catalog.json`.
    public static func standard(environment: [String: String]) throws -> JobEstimator {
        let dir = (ConfigFile.defaultPath(environment: environment) as NSString).deletingLastPathComponent
        let override = dir + "/catalog.json"
        return JobEstimator(catalog: try CatalogLoader.load(overridePath: FileManager.default.fileExists(atPath: override) ? override : nil))
    }

    /// Fills `tokens` and `examples` from a dataset: billed tokens per epoch as OpenAI's cookbook
    /// counts them (each example capped at the model's context).
    public func count(dataset path: String, into request: inout EstimateRequest, environment: [String: String]) async throws {
        var check = DatasetCheck(environment: environment)
        check.model = request.model
        if let p = request.provider, let id = ProviderID.parse(p) { check.provider = id }
        Self.fill(&request, from: try await check.run(path: path, catalog: planner.catalog))
    }

    /// An estimate priced by a gateway's upstream (`ProviderDeclaration.pricedAs`) is still the
    /// gateway's job: it keeps the gateway as its provider (as the job and the spend ledger do) and
    /// says whose prices it used.
    public static func attribute(_ estimate: inout Estimate, to declaration: ProviderDeclaration) {
        let own = declaration.id.rawValue
        guard declaration.pricedAs != own, estimate.provider == declaration.pricedAs else { return }
        estimate.provider = own
        estimate.assumptions.append("priced as \(declaration.pricedAs): through \(own) the \(declaration.upstream?.name ?? "upstream") upstream bills the job (Docs/PROVIDERS.md)")
    }

    /// A checked file's counts as the estimate reads them: billed tokens per epoch, else all tokens.
    public static func fill(_ request: inout EstimateRequest, from result: ValidationResult) {
        request.tokens = result.billedTokensPerEpoch ?? result.tokens?.total
        request.examples = result.examples
    }

    /// The provider's price for a job on a file it holds (Together's estimate-price), and the
    /// training tokens (per epoch) it counted; nil where the provider has no such estimate.
    public func providerPrice(_ request: EstimateRequest, trainingFile: String, client: FTClient) async throws -> (ProviderEstimate, tokens: Int?)? {
        guard client.provider.capabilities.contains(.estimatePrice) else { return nil }
        var spec = JobSpec(model: request.model, trainingFile: trainingFile)
        if let epochs = request.epochs { spec[.epochs] = .int(Int64(epochs)) }
        if request.training == .dpo { spec[.method] = "dpo" }
        if request.method == .full { spec[.lora] = false }
        return try await Self.providerPrice(spec, client: client)
    }

    /// The provider's price for the job `spec` describes, its files already on the server; its
    /// token count is per epoch.
    public static func providerPrice(_ spec: JobSpec, client: FTClient) async throws -> (ProviderEstimate, tokens: Int?)? {
        guard client.provider.capabilities.contains(.estimatePrice) else { return nil }
        let o = try await client.send(try client.provider.estimatePrice(spec)).json
        guard o["estimation_available"]?.bool != false else {
            throw FTError(.unavailable, what: "\(client.provider.id)'s estimate", why: "none is available (\(o["unavailable_reason"]?.string ?? "no reason given"))")
        }
        let price = ProviderEstimate(amount: o["estimated_total_price"]?.double.flatMap { Decimal(string: "\($0)") }, currency: "USD", minutes: nil)
        let tokens = o["estimated_train_token_count"]?.int.map { $0 / max(1, spec[.epochs]?.int ?? 1) }
        return (price, tokens)
    }

    /// Our estimate; with a client, on the provider's own hardware list and with its estimate beside ours.
    public func estimate(_ request: EstimateRequest, client: FTClient? = nil) async throws -> Estimate {
        var options: [HardwareOption]?
        if let client, client.provider.capabilities.contains(.listHardware),
           let list = try? await client.send(try client.provider.listHardware()) {
            let json = JSONValue.array(list.map { $0.raw ?? $0.json })
            options = try? HardwareOption.providerOptions(json: Data(json.serialized().utf8), provider: client.provider.id.rawValue,
                                                          catalog: planner.catalog)
            if options?.isEmpty == true { options = nil }
        }
        var estimate = try planner.estimate(request, hardwareOptions: options)
        if let client, client.provider.capabilities.contains(.estimateCost), let examples = request.examples {
            if let theirs = try? await client.send(try client.provider.estimateCost(model: request.model, examples: examples)) {
                let o = theirs.json
                estimate.providerEstimate = ProviderEstimate(amount: o["estimated_cost"]?.double.flatMap { Decimal(string: "\($0)") },
                                                             currency: o["currency"]?.string, minutes: o["estimated_time_minutes"]?.double)
            }
        }
        return estimate
    }
}

extension TrainingKind {
    /// How a job's `--method` is priced: reinforcement by the hour, DPO and supervised per token.
    public init(jobMethod method: String) {
        self = method == "reinforcement" ? .rft : method == "dpo" ? .dpo : .sft
    }
}
