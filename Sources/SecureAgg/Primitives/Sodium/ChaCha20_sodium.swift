internal import CSodium
import ChorusSupport

/// libsodium's ChaCha20 (IETF), kept as a reference of `chorus bench mask` and of
/// the tests of OpenSSL's ChaCha20 (`Keystream`, which the graph shuffle uses).
package enum SodiumChaCha20 {
    /// Fills `out` with the ChaCha20 keystream of a 32-byte key and zero nonce.
    package static func keystream(into out: UnsafeMutableRawBufferPointer, key: SecretBytes) throws(SecureAggError) {
        try Sodium.ensureReady()
        precondition(key.count == Int(crypto_stream_chacha20_ietf_KEYBYTES))
        let nonce = [UInt8](repeating: 0, count: Int(crypto_stream_chacha20_ietf_NONCEBYTES))
        let status = key.withUnsafeBytes { keyBytes in
            nonce.withUnsafeBytes { nonceBytes in
                crypto_stream_chacha20_ietf(out.cBytes, UInt64(out.count), nonceBytes.cBytes, keyBytes.cBytes)
            }
        }
        guard status == 0 else { throw .libraryFailure(function: "crypto_stream_chacha20_ietf") }
    }

    /// Overwrites `out` with the ChaCha20 keystream of a 32-byte key and zero nonce.
    package static func keystream(into out: inout [UInt8], key: SecretBytes) throws(SecureAggError) {
        let failure: SecureAggError? = out.withUnsafeMutableBytes { buffer in
            do throws(SecureAggError) { try keystream(into: buffer, key: key) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }
}
