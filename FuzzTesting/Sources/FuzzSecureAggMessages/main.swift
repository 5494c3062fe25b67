import ChorusSupport
import FuzzSupport
import SecureAgg

// The first input byte picks the decoder (client message, server message,
// round configuration); each must return a value or a `SecureAggError`.
runFuzzer(seeds: {
    let members = try (0..<3).map { index in
        RoundConfiguration.Member(id: ParticipantID(UInt32(index)),
                                  identity: try Ed25519SigningKey(seed: [UInt8](repeating: UInt8(index), count: 32)).publicKey)
    }
    let configuration = try RoundConfiguration(run: RunID(bytes: [UInt8](repeating: 1, count: RunID.byteCount)), round: 4, dimension: 16,
                                               parameters: SecureAggParameters(graph: .complete, degree: 2, threshold: 2),
                                               graphSeed: [UInt8](repeating: 9, count: 32), members: members)
    let client: [ClientMessage.Body] = [.maskedInput([1, 2, 3, 4]), .consistencySignature([UInt8](repeating: 5, count: 64)),
                                        .shareKeys([]), .unmaskShares([])]
    let server: [ServerMessage.Body] = [.survivors([ParticipantID(0), ParticipantID(2)]), .keyRoster([]), .forwardedShares([])]
    return client.map { [0] + ClientMessage(round: 4, sender: ParticipantID(1), body: $0).encode() }
        + server.map { [1] + ServerMessage(round: 4, body: $0).encode() }
        + [[2] + configuration.encode()]
}, body: { bytes in
    guard let selector = bytes.first else { return }
    let message = bytes[1...]
    switch selector % 3 {
    case 0: _ = try? ClientMessage.decode(message)
    case 1: _ = try? ServerMessage.decode(message)
    default: _ = try? RoundConfiguration.decode(message)
    }
})
