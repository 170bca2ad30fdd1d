import FineTuning

extension Session {
    /// `models list` and `hardware list`: the provider's own list where it has the operation (a
    /// key needed), else the built-in catalog (no key needed).
    func providerListOrCatalog(_ operation: ProviderOperation,
                               provider list: (any FineTuningProvider) throws -> Endpoint<[Record]>,
                               catalog records: (Catalog) -> [Record]) async throws {
        guard try ProviderFactory.make(settings).capabilities.contains(operation) else {
            return print(try renderer.list(records(try JobEstimator.standard(environment: context.environment).planner.catalog)))
        }
        let client = try client()
        print(try renderer.list(try await client.send(try list(client.provider))))
    }
}
