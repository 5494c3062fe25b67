internal import COpenSSL

/// OpenSSL reports failures on a per-thread error queue; these helpers empty
/// it before a call and turn what a failed call left there into text.
enum OpenSSLErrorQueue {
    /// Forgets errors left by earlier calls on this thread, so the next
    /// failure's reason is its own.
    static func clear() {
        ERR_clear_error()
    }

    /// Empties the queue and returns its entries joined by "; ", or
    /// "no reason given" when it was empty.
    static func drain() -> String {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no reason given" : reasons.joined(separator: "; ")
    }

    /// A `TransportError.openSSL` for `operation` carrying the queue's reasons.
    static func error(_ operation: String) -> TransportError {
        .openSSL(operation: operation, reason: drain())
    }
}
