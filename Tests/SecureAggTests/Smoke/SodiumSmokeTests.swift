import CSodium
import Testing

/// libsodium is linked and does what it promises.
struct SodiumSmokeTests {
    @Test func x25519AgreementGivesEqualSecretsOnBothSides() throws {
        #expect(sodium_init() >= 0)
        var alicePublic = [UInt8](repeating: 0, count: Int(crypto_box_PUBLICKEYBYTES))
        var aliceSecret = [UInt8](repeating: 0, count: Int(crypto_box_SECRETKEYBYTES))
        var bobPublic = alicePublic
        var bobSecret = aliceSecret
        #expect(crypto_box_keypair(&alicePublic, &aliceSecret) == 0)
        #expect(crypto_box_keypair(&bobPublic, &bobSecret) == 0)

        var aliceShared = [UInt8](repeating: 0, count: Int(crypto_scalarmult_BYTES))
        var bobShared = aliceShared
        #expect(crypto_scalarmult(&aliceShared, aliceSecret, bobPublic) == 0)
        #expect(crypto_scalarmult(&bobShared, bobSecret, alicePublic) == 0)

        #expect(aliceShared == bobShared)
        #expect(aliceShared != [UInt8](repeating: 0, count: aliceShared.count))
        // A third party's key gives a different secret.
        var evePublic = alicePublic
        var eveSecret = aliceSecret
        #expect(crypto_box_keypair(&evePublic, &eveSecret) == 0)
        var eveShared = aliceShared
        #expect(crypto_scalarmult(&eveShared, eveSecret, bobPublic) == 0)
        #expect(eveShared != bobShared)
    }
}
