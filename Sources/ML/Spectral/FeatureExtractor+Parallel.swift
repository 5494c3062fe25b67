import Foundation
import Synchronization

extension FeatureExtractor {
    /// Progress of a parallel extraction: items finished so far and in all.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// The features of many clips (mono, 22050 Hz), computed on `threads`
    /// threads; result `i` is `features(of: clips[i])`.
    public func features(ofClips clips: [[Float]], threads: Int) -> [[Float]] {
        parallelMap(count: clips.count, threads: threads) { index, workspace in
            features(of: clips[index], workspace: workspace)
        }
    }

    /// Runs `body` for every index in 0..<count on up to `threads` threads,
    /// each with its own `Workspace`, and returns the results in index order.
    /// Threads take the next index as they finish one, so uneven items balance.
    func parallelMap<T: Sendable>(count: Int, threads: Int, progress: Progress? = nil,
                                  _ body: @Sendable (Int, Workspace) -> T) -> [T] {
        let next = Mutex(0)
        let results = Mutex(Results<T>(items: Array(repeating: nil, count: count), done: 0))
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            let workspace = Workspace()
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < count else { return }
                let result = body(index, workspace)
                let done = results.withLock { state -> Int in
                    state.items[index] = result
                    state.done += 1
                    return state.done
                }
                progress?(done, count)
            }
        }
        return results.withLock { state in
            state.items.map { item in
                guard let item else { preconditionFailure("every index is processed before returning") }
                return item
            }
        }
    }

    private struct Results<T: Sendable>: Sendable {
        var items: [T?]
        var done: Int
    }
}
