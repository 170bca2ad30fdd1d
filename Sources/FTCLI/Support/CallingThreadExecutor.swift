import Dispatch
import Synchronization

/// Runs a command's task, and its child tasks, on the thread that calls `run`: the executable's
/// main thread, which would otherwise only wait. On the global executor, the first task of a
/// process makes Dispatch start two worker threads and a manager thread (three `clone`s, their
/// stacks and a malloc arena for each) for a command that mostly waits on one request
/// (Docs/BENCH.md). Unstructured tasks and Dispatch queues a command starts still run on the
/// global executor, so a task that blocks its thread cannot stall the others.
final class CallingThreadExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let finished = Atomic<Bool>(false)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        wake.signal()
    }

    /// Ends `run` once the job running now returns.
    func finish() {
        finished.store(true, ordering: .releasing)
        wake.signal()
    }

    /// Runs jobs in the order they come until `finish`.
    func run() {
        while !finished.load(ordering: .acquiring) {
            wake.wait()
            let batch = jobs.withLock { queue in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
