#if canImport(Glibc)
import Glibc
#endif

/// The process's open-file limit: each connection holds one socket, so a
/// coordinator with 1000 participants needs more than the usual soft limit of 1024.
public enum FileDescriptorLimit {
    /// Raises the soft limit to at least `count` (up to the hard limit) and
    /// returns the limit now in force.
    @discardableResult
    public static func raise(toAtLeast count: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        let wanted = rlim_t(max(count, 0))
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }
}
