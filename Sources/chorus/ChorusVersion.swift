/// The version `chorus --version` prints and privacy reports record.
enum ChorusVersion {
    static let current = "0.1.0"
}
