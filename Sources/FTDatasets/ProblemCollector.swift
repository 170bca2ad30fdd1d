/// Problems of one chunk (or of the whole file, after the merge): the first `cap` of each severity
/// in line order, and exact counts of all of them. A message is only built when it is kept.
struct ProblemCollector: Sendable {
    let cap: Int
    let rules: ProviderRules
    private(set) var errors: [Problem] = []
    private(set) var warnings: [Problem] = []
    private(set) var countsByOrdinal: [Int]
    private(set) var errorCount = 0
    private(set) var warningCount = 0

    init(cap: Int, rules: ProviderRules) {
        self.cap = max(0, cap)
        self.rules = rules
        self.countsByOrdinal = Array(repeating: 0, count: ProblemKind.allCases.count)
    }

    /// Records a problem; returns its severity.
    @discardableResult
    mutating func add(line: Int, kind: ProblemKind, message: () -> String) -> Severity {
        let severity = rules.severity(of: kind)
        countsByOrdinal[kind.ordinal] += 1
        switch severity {
        case .error:
            errorCount += 1
            if errors.count < cap { errors.append(Problem(line: line, kind: kind, severity: severity, message: message())) }
        case .warning:
            warningCount += 1
            if warnings.count < cap { warnings.append(Problem(line: line, kind: kind, severity: severity, message: message())) }
        }
        return severity
    }

    /// Appends the problems of a later part of the file (`other`'s lines already global, all after
    /// this collector's, except file-level line-0 problems, which `insertFileLevel` places).
    mutating func append(_ other: ProblemCollector) {
        for (i, c) in other.countsByOrdinal.enumerated() where i < countsByOrdinal.count { countsByOrdinal[i] += c }
        errorCount += other.errorCount
        warningCount += other.warningCount
        if errors.count < cap { errors.append(contentsOf: other.errors.prefix(cap - errors.count)) }
        if warnings.count < cap { warnings.append(contentsOf: other.warnings.prefix(cap - warnings.count)) }
    }

    /// Adds a problem found after the fact (file-level, or a once-per-file kind such as crlf),
    /// keeping the retained lists in line order.
    mutating func insert(line: Int, kind: ProblemKind, message: String) {
        let severity = rules.severity(of: kind)
        countsByOrdinal[kind.ordinal] += 1
        let problem = Problem(line: line, kind: kind, severity: severity, message: message)
        func place(_ list: inout [Problem]) {
            let at = list.firstIndex { $0.line > line } ?? list.count
            if at < cap {
                list.insert(problem, at: at)
                if list.count > cap { list.removeLast() }
            }
        }
        switch severity {
        case .error: errorCount += 1; place(&errors)
        case .warning: warningCount += 1; place(&warnings)
        }
    }

    /// Shifts chunk-local (0-based) line numbers to file lines (1-based).
    mutating func offsetLines(by base: Int) {
        for i in errors.indices { errors[i].line += base }
        for i in warnings.indices { warnings[i].line += base }
    }

    /// Merges two line-ordered collectors of the same chunk (worker's and merge-phase's).
    static func interleave(_ a: ProblemCollector, _ b: ProblemCollector) -> ProblemCollector {
        var out = ProblemCollector(cap: a.cap, rules: a.rules)
        for i in out.countsByOrdinal.indices {
            out.countsByOrdinal[i] = (i < a.countsByOrdinal.count ? a.countsByOrdinal[i] : 0)
                + (i < b.countsByOrdinal.count ? b.countsByOrdinal[i] : 0)
        }
        out.errorCount = a.errorCount + b.errorCount
        out.warningCount = a.warningCount + b.warningCount
        out.errors = Array(mergeByLine(a.errors, b.errors).prefix(a.cap))
        out.warnings = Array(mergeByLine(a.warnings, b.warnings).prefix(a.cap))
        return out
    }

    private static func mergeByLine(_ a: [Problem], _ b: [Problem]) -> [Problem] {
        if b.isEmpty { return a }
        if a.isEmpty { return b }
        var out: [Problem] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i].line <= b[j].line) {
                out.append(a[i]); i += 1
            } else {
                out.append(b[j]); j += 1
            }
        }
        return out
    }

    var counts: [ProblemKind: Int] {
        var map: [ProblemKind: Int] = [:]
        for (i, kind) in ProblemKind.allCases.enumerated() where i < countsByOrdinal.count && countsByOrdinal[i] > 0 {
            map[kind] = countsByOrdinal[i]
        }
        return map
    }
}
