import Synchronization
internal import COpenBLAS

/// Single-threaded OpenBLAS products while work runs side by side, one worker
/// per core (the encoder's patches, `Conv2D`'s share of a batch): each core then
/// runs its own products whole, where OpenBLAS would otherwise split every
/// product over the cores and make the callers queue for its one pool of threads. OpenBLAS's thread count is
/// one setting for the whole process, so overlapping sections share it: the
/// first sets one thread, the last restores the count it found (`Sections`).
/// Products run meanwhile elsewhere in the process also run on one thread; a
/// product's value can differ in its last bits between thread counts (OpenBLAS
/// tiles the result per thread), not more.
enum SingleThreadedProducts {
    /// The nesting of sections, kept apart from OpenBLAS: entering the first asks for one thread and
    /// remembers the count it found; leaving the last asks for that count back; the others ask nothing.
    struct Sections {
        private(set) var depth = 0
        private var saved: Int32 = 1

        /// What OpenBLAS's thread count must become, if anything.
        enum Action: Equatable {
            case none
            case setThreads(Int32)
        }

        /// A section starts while OpenBLAS runs `current` threads per product.
        mutating func enter(current: Int32) -> Action {
            depth += 1
            guard depth == 1 else { return .none }
            saved = current
            return .setThreads(1)
        }

        /// A section ends.
        mutating func leave() -> Action {
            precondition(depth > 0, "a single-threaded section ended that never started")
            depth -= 1
            return depth == 0 ? .setThreads(saved) : .none
        }
    }

    private static let sections = Mutex(Sections())

    /// Runs `body` with OpenBLAS on one thread per product.
    static func run<T>(_ body: () -> T) -> T {
        sections.withLock { apply($0.enter(current: openblas_get_num_threads())) }
        defer { sections.withLock { apply($0.leave()) } }
        return body()
    }

    private static func apply(_ action: Sections.Action) {
        if case let .setThreads(threads) = action { openblas_set_num_threads(threads) }
    }

    /// Threads OpenBLAS runs each product on now.
    static var current: Int { Int(openblas_get_num_threads()) }
}
