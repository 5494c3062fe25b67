import Synchronization

/// The first error of a parallel loop, kept for the caller to throw after it.
final class Failures: Sendable {
    private let stored = Mutex<AudioError?>(nil)

    func record(_ error: AudioError) {
        stored.withLock { first in
            if first == nil { first = error }
        }
    }

    var first: AudioError? { stored.withLock { $0 } }
}
