import FTCore

/// Training metrics by step, from whichever source the provider has: its metrics endpoint, the
/// metrics saved with each checkpoint, or the metrics carried by events.
public struct MetricsService: Sendable {
    public let client: FTClient

    public init(client: FTClient) {
        self.client = client
    }

    /// `eventTail`: where metrics come from events, read only the newest this many (a quick look
    /// such as `jobs get`), not the whole history.
    public func metrics(jobID: String, eventTail: Int? = nil) async throws -> [Record] {
        let caps = client.provider.capabilities
        if caps.contains(.jobMetrics) {
            return try await client.send(try client.provider.jobMetrics(jobID))
        }
        if caps.contains(.listCheckpoints) {
            let page = try await client.send(try client.provider.listCheckpoints(jobID: jobID, EventQuery(limit: 100)))
            let rows = page.items.sorted { ($0.step ?? 0) < ($1.step ?? 0) }.map { c in
                var o = JSONObject([("step", JSONValue(c.step))])
                for (k, v) in c.metrics where k != "step" { o[k] = v }
                return Record(id: c.step.map(String.init) ?? c.id, json: .object(o), raw: c.raw)
            }
            if !rows.isEmpty { return rows }
        }
        if caps.contains(.listEvents) {
            let events = try await EventLog(client: client).events(jobID: jobID, tail: eventTail)
            return events.compactMap { e in
                guard let step = e.step, let m = e.metrics, !m.isEmpty else { return nil }
                var o = JSONObject([("step", .int(Int64(step)))])
                for (k, v) in m { o[k] = v }
                return Record(id: String(step), json: .object(o), raw: e.raw)
            }
        }
        throw client.provider.unsupported(.jobMetrics)
    }
}
