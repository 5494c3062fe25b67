#if CHORUS_FAULT_INJECTION
import Foundation
import Synchronization

/// Named places where a fault-injection test can make the process die
/// abruptly, exactly as `kill -9` would there, to check what survives on disk
/// and what a restart makes of it.
///
/// Unarmed (the normal case) a crash point costs one lookup. A test arms one
/// point for a child process with the environment variable
/// `CHORUS_CRASH_AT=<name>` or `CHORUS_CRASH_AT=<name>#<n>` (die the n-th time
/// the point is reached, default the first). Only the process itself reads it;
/// it grants nothing that sending the process a signal would not.
///
/// Compiled only with `CHORUS_FAULT_INJECTION` (debug builds, or a build with
/// CHORUS_FAULT_INJECTION=1 in the environment; see Package.swift), so a
/// release binary built for use has no crash points at all.
public enum CrashPoint {
    /// The environment variable that arms a crash point.
    public static let environmentVariable = "CHORUS_CRASH_AT"

    /// Dies with SIGKILL if `name` is the armed point and this is the armed hit.
    public static func reach(_ name: String) {
        guard let armed, armed.name == name else { return }
        let hit = hits.withLock { count -> Int in
            count += 1
            return count
        }
        guard hit == armed.hit else { return }
        FileHandle.standardError.write(Data("chorus: crash point \(name) (hit \(hit)) reached: killing the process\n".utf8))
        kill(getpid(), SIGKILL)
    }

    /// True when `name` is armed and its next hit is the fatal one: lets a
    /// writer leave a torn file behind before `reach` kills it.
    public static func isFatal(_ name: String) -> Bool {
        guard let armed, armed.name == name else { return false }
        return hits.withLock { $0 + 1 } == armed.hit
    }

    private static let armed: (name: String, hit: Int)? = {
        guard let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty else { return nil }
        let parts = value.split(separator: "#", maxSplits: 1)
        let hit = parts.count == 2 ? Int(parts[1]) ?? 1 : 1
        return (String(parts[0]), max(1, hit))
    }()

    private static let hits = Mutex(0)
}
#endif
