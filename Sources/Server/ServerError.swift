/// What stops the coordinator, naming the file or participant involved.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    /// A configuration file that cannot be used, with the reason.
    case config(path: String, reason: String)

    public var description: String {
        switch self {
        case .config(let path, let reason): "\(path): \(reason)"
        }
    }
}
