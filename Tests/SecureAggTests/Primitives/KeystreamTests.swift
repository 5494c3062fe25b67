import ChorusSupport
import SecureAgg
import Testing

/// OpenSSL's keystreams: AES-128-CTR (the mask PRG) and ChaCha20 (the graph shuffle).
struct KeystreamTests {
    private func keystream(_ cipher: Keystream.Cipher, key: [UInt8], firstBlock: UInt64 = 0, bytes: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: bytes)
        try Keystream(cipher, key: SecretBytes(copying: key), firstBlock: firstBlock)
            .next(into: &out, zeros: [UInt8](repeating: 0, count: bytes))
        return out
    }

    /// AES-128-CTR with the all-zero key from counter block 0: block 0 is AES_0(0^128) =
    /// 66e94bd4…2b2e (the well-known FIPS-197 value); the 4 blocks equal
    /// `openssl enc -aes-128-ctr -K 00…00 -iv 00…00` over 64 zero bytes.
    @Test func aesCTRMatchesOpenSSLFromBlockZero() throws {
        let stream = try keystream(.aes128CTR, key: [UInt8](repeating: 0, count: 16), bytes: 64)
        #expect(stream == hex("66e94bd4ef8a2c3b884cfa59ca342b2e58e2fccefa7e3061367f1d57a4e7455a"
                              + "0388dace60b6a392f328c2b971b2fe78f795aaab494b5923f7fd89ff948bc1e0"))
    }

    /// Starting at block 2^32 − 1 the counter carries past 32 bits as a 128-bit
    /// big-endian integer: equals `openssl enc -aes-128-ctr -K 000102…0f -iv 0…0ffffffff`;
    /// its second block is `openssl enc -aes-128-ecb` of the counter 2^32.
    @Test func aesCTRCounterCarriesPast32Bits() throws {
        let stream = try keystream(.aes128CTR, key: Array(0..<16), firstBlock: 0xFFFF_FFFF, bytes: 48)
        #expect(stream == hex("57941ff3415881a0b2a7917ac5fa33b8426c768faa410b72ab103951259ba14a"
                              + "d4826774d118c5351aa48113690c3973"))
    }

    /// A stream started at block b is the whole stream's tail from byte 16 b.
    @Test(arguments: [1, 7, 4096]) func aesCTRFromABlockIsTheTail(firstBlock: Int) throws {
        let key = Array(UInt8(100)..<116)
        let whole = try keystream(.aes128CTR, key: key, bytes: 16 * firstBlock + 100)
        let tail = try keystream(.aes128CTR, key: key, firstBlock: UInt64(firstBlock), bytes: 100)
        #expect(tail == Array(whole[(16 * firstBlock)...]))
    }

    /// RFC 8439 appendix A.1, test vector 1: all-zero key and nonce, counter 0.
    @Test func chaCha20MatchesRFC8439() throws {
        let stream = try keystream(.chacha20, key: [UInt8](repeating: 0, count: 32), bytes: 64)
        #expect(stream == hex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                              + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"))
    }

    /// OpenSSL's ChaCha20 equals libsodium's for a length that is not a multiple of a block.
    @Test func chaCha20EqualsLibsodium() throws {
        let key = Array(UInt8(7)..<39)
        let stream = try keystream(.chacha20, key: key, bytes: 1000)
        var reference = [UInt8](repeating: 0, count: 1000)
        try SodiumChaCha20.keystream(into: &reference, key: SecretBytes(copying: key))
        #expect(stream == reference)
    }

    /// A key of the other cipher's length is refused, never truncated or padded;
    /// ChaCha20's 32-bit counter cannot start past 2^32 − 1.
    @Test func wrongKeyLengthsAndCounterOverflowAreRefused() {
        #expect(throws: SecureAggError.invalidKeyLength(field: "aes-128-ctr key", expected: 16, actual: 32)) {
            _ = try Keystream(.aes128CTR, key: SecretBytes(copying: [UInt8](repeating: 1, count: 32)))
        }
        #expect(throws: SecureAggError.invalidKeyLength(field: "chacha20 key", expected: 32, actual: 16)) {
            _ = try Keystream(.chacha20, key: SecretBytes(copying: [UInt8](repeating: 1, count: 16)))
        }
        #expect(throws: SecureAggError.self) {
            _ = try Keystream(.chacha20, key: SecretBytes(copying: [UInt8](repeating: 1, count: 32)), firstBlock: 1 << 32)
        }
    }
}
