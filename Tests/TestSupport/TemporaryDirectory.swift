import Foundation

/// A fresh directory under the system's temporary folder, removed when the
/// value is released, so parallel tests never share files.
public final class TemporaryDirectory: @unchecked Sendable {
    // Sendable: `url` is immutable after init and the directory is removed only in deinit.
    public let url: URL

    public init(prefix: String = "chorus-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// The POSIX permission bits of `url` (0o600 for a private key file), nil when unreadable.
    public static func permissions(of url: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
