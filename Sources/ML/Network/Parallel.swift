import Dispatch

/// Spreads independent iterations of a kernel (channels, samples) over the
/// cores, like OpenBLAS does inside each sgemm. Iterations must write disjoint
/// memory.
enum Parallel {
    /// Runs `body(i)` for every `i < count`, concurrently when `count > 1`,
    /// and returns when all have finished.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let work = Work(body: escapable)
            DispatchQueue.concurrentPerform(iterations: count) { work.body($0) }
        }
    }

    /// Carries the kernel into Dispatch's `@Sendable` closure.
    private struct Work: @unchecked Sendable {
        // Sendable: `concurrentPerform` returns only after every iteration has
        // run, so `body` never outlives the caller's frame, and the callers'
        // iterations touch disjoint memory (the contract of `forEach`).
        let body: (Int) -> Void
    }
}
