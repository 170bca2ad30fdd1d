import FTTokenizer
import Foundation
import Testing

/// The estimate's error, measured against exact counts on realistic paragraphs, stays within the
/// bound the module states.
@Suite("estimate")
struct EstimateTests {
    @Test("within estimateErrorBound of the exact count", arguments: Encoding.allCases)
    func withinBound(_ encoding: Encoding) throws {
        let tokenizer = try Tokenizer.load(path: TestPaths.rankFile(encoding))
        var worst = 0.0
        var worstText = ""
        var report: [String] = []
        for text in EstimateSamples.paragraphs {
            let exact = tokenizer.count(text)
            let estimate = TokenEstimate.estimate(text, encoding: encoding)
            let error = abs(Double(estimate - exact)) / Double(max(exact, 1))
            report.append(String(format: "%+.2f", Double(estimate - exact) / Double(max(exact, 1))))
            if error > worst {
                worst = error
                worstText = text
            }
        }
        print("estimate \(encoding.rawValue): worst \(String(format: "%.3f", worst)); \(report.joined(separator: " "))")
        #expect(worst <= TokenEstimate.estimateErrorBound,
                "\(encoding.rawValue): worst relative error \(worst) on \(escaped(String(worstText.prefix(60))))")
    }

    @Test("an empty text is zero tokens, and estimates never trap on odd input")
    func edges() {
        for encoding in Encoding.allCases {
            #expect(TokenEstimate.estimate("", encoding: encoding) == 0)
            for text in Corpus.handwritten { #expect(TokenEstimate.estimate(text, encoding: encoding) >= 0) }
        }
    }
}
