import Synchronization
internal import COpenBLAS

/// Single-threaded OpenBLAS products while work runs side by side, one worker
/// per core (the encoder's patches, `Conv2D`'s share of a batch): each core then
/// runs its own products whole, where OpenBLAS would otherwise split every
/// product over the cores and make the callers queue for its one pool of threads. OpenBLAS's thread count is
/// one setting for the whole process, so overlapping sections share it: the
/// first sets one thread, the last restores the count it found. Products run
/// meanwhile elsewhere in the process also run on one thread; a product's
/// value can differ in its last bits between thread counts (OpenBLAS tiles
/// the result per thread), not more.
enum SingleThreadedProducts {
    private struct State {
        var sections = 0
        var savedThreads: Int32 = 1
    }

    private static let state = Mutex(State())

    /// Runs `body` with OpenBLAS on one thread per product.
    static func run<T>(_ body: () -> T) -> T {
        state.withLock { state in
            if state.sections == 0 {
                state.savedThreads = openblas_get_num_threads()
                openblas_set_num_threads(1)
            }
            state.sections += 1
        }
        defer {
            state.withLock { state in
                state.sections -= 1
                if state.sections == 0 { openblas_set_num_threads(state.savedThreads) }
            }
        }
        return body()
    }

    /// Threads OpenBLAS runs each product on now.
    static var current: Int { Int(openblas_get_num_threads()) }
}
