import FTCore
import Testing
@testable import FineTuning

/// How a create whose reply was lost finds its job by its fields (Together keeps no marker).
@Suite struct JobLookupTests {
    func job(suffix: String?, name: String?) -> Job {
        var j = Job(id: "ft-1", provider: "together", status: .running, name: name, model: "m", trainingFile: "f")
        if let suffix { j.raw = .object(JSONObject([("suffix", .string(suffix))])) }
        return j
    }

    @Test func aSuffixIsMatchedWholeNeverAsPartOfAnother() {
        // A provider that returns the suffix: its field decides.
        #expect(JobCreator.carries(job(suffix: "s1", name: "s1"), suffix: "s1"))
        #expect(!JobCreator.carries(job(suffix: "s10", name: "s10"), suffix: "s1"))
        #expect(!JobCreator.carries(job(suffix: "s11", name: "model-s11"), suffix: "s1"))
        // Together returns none: its job is named by model_output_name, which carries the suffix.
        #expect(JobCreator.carries(job(suffix: nil, name: "acme/Meta-Llama-3.1-8B-Instruct-Reference-s1-3c1e7b3e"), suffix: "s1"))
        #expect(!JobCreator.carries(job(suffix: nil, name: "acme/Meta-Llama-3.1-8B-Instruct-Reference-s10-3c1e7b3e"), suffix: "s1"))
        // No suffix field: the suffix must stand between separators in the name.
        #expect(JobCreator.carries(job(suffix: nil, name: "ft:gpt-4o-mini:org:s1:abc"), suffix: "s1"))
        #expect(!JobCreator.carries(job(suffix: nil, name: "ft:gpt-4o-mini:org:s10:abc"), suffix: "s1"))
        #expect(JobCreator.carries(job(suffix: nil, name: "acct/llama-my-run-2024"), suffix: "my-run"))
        #expect(!JobCreator.carries(job(suffix: nil, name: "acct/llama-my-run2-2024"), suffix: "my-run"))
        #expect(JobCreator.carries(job(suffix: nil, name: "x-my-run2-my-run"), suffix: "my-run"))
        #expect(!JobCreator.carries(job(suffix: nil, name: nil), suffix: "s1"))
    }
}
