import FTCore
import Foundation

/// Dates after which a provider, or a base model on it, takes no new fine-tuning jobs, or stops
/// serving what was tuned on it — each with its source. `jobs create` refuses a closed route
/// before anything is uploaded and warns within 30 days of a date; `models list` shows them.
public struct RouteCalendar: Sendable {
    public struct Entry: Sendable, Equatable {
        public var provider: ProviderID
        /// A base model's id or prefix (`gpt-4.1-nano` covers its dated snapshots); nil: every model.
        public var model: String?
        public var noNewJobsFrom: Date?
        /// Fine-tuned models on this base stop serving on this day.
        public var retiredOn: Date?
        public var source: String
    }

    public var entries: [Entry]

    public init(entries: [Entry] = RouteCalendar.known) {
        self.entries = entries
    }

    /// Captured 2026-12-02. OpenAI's deprecations page (https://developers.openai.com/api/docs/deprecations)
    /// announced on 2026-05-07 that self-serve fine-tuning winds down; its date table, as quoted by
    /// https://wpnews.pro/news/openai-enacts-new-self-serve-fine-tuning-restrictions-effective-july-2-2026.md
    /// (2026-07-02), closes new jobs for every organisation on 2027-01-06. Base-model shutdowns as
    /// reported from the same page (codersera.com, dev.to): gpt-4.1-nano 2026-10-23; the 2024/2025
    /// snapshots of gpt-4o, gpt-4o-mini, gpt-4.1 and gpt-4.1-mini 2027-01-14.
    public static let known: [Entry] = {
        let page = "https://developers.openai.com/api/docs/deprecations (notice of 2026-05-07; dates as quoted 2026-07-02; captured 2026-12-02)"
        func day(_ s: String) -> Date? { RFC3339.parse(s + "T00:00:00Z") }
        return [
            Entry(provider: .openai, model: nil, noNewJobsFrom: day("2027-01-06"), retiredOn: nil, source: page),
            Entry(provider: .openai, model: "gpt-4.1-nano", noNewJobsFrom: day("2026-10-23"), retiredOn: day("2026-10-23"), source: page),
            Entry(provider: .openai, model: "gpt-4o-mini", noNewJobsFrom: nil, retiredOn: day("2027-01-14"), source: page),
            Entry(provider: .openai, model: "gpt-4o", noNewJobsFrom: nil, retiredOn: day("2027-01-14"), source: page),
            Entry(provider: .openai, model: "gpt-4.1-mini", noNewJobsFrom: nil, retiredOn: day("2027-01-14"), source: page),
            Entry(provider: .openai, model: "gpt-4.1", noNewJobsFrom: nil, retiredOn: day("2027-01-14"), source: page),
        ]
    }()

    /// The entries that apply to `model` on `provider`, the model's own first (the longest prefix).
    public func entries(provider: ProviderID, model: String) -> [Entry] {
        let mine = entries.filter { $0.provider == provider }
        // Only the most specific model entry: gpt-4.1-nano's dates are not gpt-4.1's.
        let own = mine.filter { e in e.model.map { model == $0 || model.hasPrefix($0 + "-") } ?? false }
            .max { ($0.model?.count ?? 0) < ($1.model?.count ?? 0) }
        return (own.map { [$0] } ?? []) + mine.filter { $0.model == nil }
    }

    /// A base model's own dates on any provider (for `models list`).
    public func modelDates(_ model: String) -> Entry? {
        Set(entries.map(\.provider.rawValue)).sorted().lazy.compactMap { p in
            self.entries(provider: ProviderID(rawValue: p), model: model).first { $0.model != nil }
        }.first
    }

    /// Throws `.declined` when the route takes no new jobs at `now`; else the warnings due within 30 days.
    public func check(provider: ProviderID, model: String, now: Date) throws -> [String] {
        var warnings: [String] = []
        for e in entries(provider: provider, model: model) {
            let what = e.model.map { "\(provider) \($0)" } ?? "\(provider)"
            if let closes = e.noNewJobsFrom {
                if now >= closes {
                    throw FTError(.declined, what: "create a job on \(what)",
                                  why: "\(what) takes no new fine-tuning jobs since \(Self.day(closes)) (\(e.source))",
                                  hint: "Keep your records with `ftctl export DIR`, and create the job on another provider (Docs/MIGRATING.md).")
                }
                if closes.timeIntervalSince(now) <= 30 * 86400 {
                    warnings.append("\(what) takes no new fine-tuning jobs from \(Self.day(closes)), in \(Self.days(closes, now)); plan the move (`ftctl export`, Docs/MIGRATING.md)")
                }
            }
            if let retired = e.retiredOn, now < retired, retired.timeIntervalSince(now) <= 30 * 86400 {
                warnings.append("models tuned on \(what) stop serving on \(Self.day(retired)), in \(Self.days(retired, now))")
            }
        }
        return warnings
    }

    static func day(_ d: Date) -> String { String(RFC3339.format(d).prefix(10)) }
    static func days(_ d: Date, _ now: Date) -> String {
        let n = Int((d.timeIntervalSince(now) / 86400).rounded(.up))
        return n == 1 ? "1 day" : "\(n) days"
    }
}
