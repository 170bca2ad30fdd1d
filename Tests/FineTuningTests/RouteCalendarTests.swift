@testable import FineTuning
import Foundation
import Testing

/// Dated routes: OpenAI's fine-tuning closing, base models retiring.
@Suite("route calendar")
struct RouteCalendarTests {
    static func day(_ s: String) -> Date { RFC3339.parse(s + "T12:00:00Z")! }
    let calendar = RouteCalendar()

    @Test func openAIIsClosedFromTheSixthOfJanuary2027() throws {
        #expect(try calendar.check(provider: .openai, model: "gpt-4o-mini-2024-07-18", now: Self.day("2026-11-01")).isEmpty)
        let error = #expect(throws: FTError.self) { try calendar.check(provider: .openai, model: "gpt-4o-mini", now: Self.day("2027-01-06")) }
        #expect(error?.code == .declined)
        #expect(error?.why.contains("2027-01-06") == true)
        #expect(error?.hint?.contains("ftctl export") == true)
        // Other providers are open.
        #expect(try calendar.check(provider: .nebius, model: "gpt-4o-mini", now: Self.day("2027-03-01")).isEmpty)
    }

    @Test func withinThirtyDaysItWarnsWithTheDate() throws {
        let warnings = try calendar.check(provider: .openai, model: "gpt-4o-mini-2024-07-18", now: Self.day("2026-12-20"))
        #expect(warnings.contains { $0.contains("no new fine-tuning jobs from 2027-01-06, in 17 days") })
        #expect(warnings.contains { $0.contains("stop serving on 2027-01-14") })
    }

    @Test func aModelsOwnDatesWinOverALongerFamilyName() throws {
        // gpt-4.1-nano closed on 2026-10-23, before the provider did; gpt-4.1 has no such date.
        #expect(throws: FTError.self) { try calendar.check(provider: .openai, model: "gpt-4.1-nano-2025-04-14", now: Self.day("2026-11-01")) }
        #expect(try calendar.check(provider: .openai, model: "gpt-4.1-2025-04-14", now: Self.day("2026-11-01")).isEmpty)
        #expect(calendar.modelDates("gpt-4.1-nano-2025-04-14")?.retiredOn == RFC3339.parse("2026-10-23T00:00:00Z"))
        #expect(calendar.modelDates("llama-3.1-8b") == nil)
    }
}
