import SecureAgg
import Testing

/// Every message decodes to what was encoded; every malformed byte string is a typed
/// error naming the field, never a crash or an oversized allocation.
struct MessageCodingTests {
    /// All messages of a small honest round, captured in order.
    private func roundMessages() throws -> (client: [[UInt8]], server: [[UInt8]]) {
        var round = try ManualRound(.complete(3, threshold: 2, dimension: 5))
        var clientBytes: [[UInt8]] = []
        var serverBytes: [[UInt8]] = []
        var client = try round.fixture.client(round.fixture.ids[0])
        clientBytes.append(try client.start().encode())
        try round.advertise()
        for _ in 0..<4 {
            let id = round.fixture.ids[0]
            guard let message = round.toClients[id], var probe = round.clients[id] else { break }
            serverBytes.append(message.encode())
            clientBytes.append(try probe.receive(message).encode())
            try round.answer()
        }
        return (clientBytes, serverBytes)
    }

    /// decode then encode gives back the same bytes, for each stage in both directions.
    @Test func decodeInvertsEncode() throws {
        let (client, server) = try roundMessages()
        #expect(client.count == 5 && server.count == 4)
        for bytes in client { #expect(try ClientMessage.decode(bytes[...]).encode() == bytes) }
        for bytes in server { #expect(try ServerMessage.decode(bytes[...]).encode() == bytes) }
    }

    /// Every proper prefix is `truncated`, and one extra byte is `trailingBytes`.
    @Test func everyPrefixIsTruncatedAndExtraBytesAreRejected() throws {
        let (client, server) = try roundMessages()
        for bytes in client {
            for length in 0..<bytes.count {
                #expect(throws: SecureAggError.self) { _ = try ClientMessage.decode(bytes.prefix(length)) }
                do { _ = try ClientMessage.decode(bytes.prefix(length)) } catch {
                    guard case .truncated = error else { Issue.record("prefix \(length): \(error)"); continue }
                }
            }
            #expect(throws: SecureAggError.trailingBytes(count: 1)) { _ = try ClientMessage.decode((bytes + [0])[...]) }
        }
        for bytes in server {
            for length in 0..<bytes.count {
                do { _ = try ServerMessage.decode(bytes.prefix(length)); Issue.record("prefix \(length) decoded") } catch {
                    guard case .truncated = error else { Issue.record("prefix \(length): \(error)"); continue }
                }
            }
            #expect(throws: SecureAggError.trailingBytes(count: 1)) { _ = try ServerMessage.decode((bytes + [0])[...]) }
        }
    }

    /// A count above the named maximum is refused before any allocation.
    @Test func oversizedCountsAreRefusedBeforeAllocating() {
        var bytes: [UInt8] = [WireFormat.version, Stage.maskedInput.rawValue]
        bytes += [7, 0, 0, 0, 0, 0, 0, 0]  // round
        bytes += [1, 0, 0, 0]  // sender
        bytes += [0xFF, 0xFF, 0xFF, 0xFF]  // dimension 2^32 − 1
        #expect(throws: SecureAggError.lengthTooLarge(field: "masked_input.dimension", limit: WireFormat.maximumDimension,
                                                      actual: Int(UInt32.max))) {
            _ = try ClientMessage.decode(bytes[...])
        }
        // A count within the limit but beyond the bytes present is truncation, not allocation.
        bytes.removeLast(4)
        bytes += [0, 0, 1, 0]  // 65,536 words promised, none present
        #expect(throws: SecureAggError.truncated(field: "masked_input.dimension")) { _ = try ClientMessage.decode(bytes[...]) }
    }

    /// Unknown versions, stages, kinds, unsorted lists and a non-server sender are named.
    @Test func malformedHeadersAndFieldsAreNamed() throws {
        let header: [UInt8] = [7, 0, 0, 0, 0, 0, 0, 0]
        let other = WireFormat.version + 1
        #expect(throws: SecureAggError.unsupportedVersion(other)) { _ = try ClientMessage.decode(([other, 0] + header + [1, 0, 0, 0])[...]) }
        #expect(throws: SecureAggError.unknownStage(9)) { _ = try ClientMessage.decode(([WireFormat.version, 9] + header + [1, 0, 0, 0])[...]) }
        let server: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        let unsorted = [WireFormat.version, Stage.consistencyCheck.rawValue] + header + server + [2, 0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0]
        #expect(throws: SecureAggError.invalidField(field: "survivors", reason: "ids must be strictly increasing (5 then 4)")) {
            _ = try ServerMessage.decode(unsorted[...])
        }
        let fromClient = [WireFormat.version, Stage.consistencyCheck.rawValue] + header + [1, 0, 0, 0] + [0, 0, 0, 0]
        #expect(throws: SecureAggError.self) { _ = try ServerMessage.decode(fromClient[...]) }
        let badKind = [WireFormat.version, Stage.unmask.rawValue] + header + [1, 0, 0, 0] + [1, 0, 0, 0] + [1, 0, 0, 0, 7]
            + [UInt8](repeating: 0, count: 40)
        #expect(throws: SecureAggError.invalidField(field: "revealed.kind", reason: "unknown share kind 7")) {
            _ = try ClientMessage.decode(badKind[...])
        }
    }

    /// A round configuration survives its encoding; corrupt ones are typed errors.
    @Test func roundConfigurationRoundTripsAndValidates() throws {
        let fixture = try RoundFixture(participants: 9, dimension: 100,
                                       parameters: SecureAggParameters(graph: .sparse, degree: 4, threshold: 3))
        let bytes = fixture.configuration.encode()
        let decoded = try RoundConfiguration.decode(bytes[...])
        #expect(decoded == fixture.configuration)
        for id in fixture.ids { #expect(decoded.neighbours(of: id) == fixture.configuration.neighbours(of: id)) }
        for length in [0, 1, 20, bytes.count - 1] {
            do { _ = try RoundConfiguration.decode(bytes.prefix(length)); Issue.record("prefix \(length) decoded") } catch {
                guard case .truncated = error else { Issue.record("prefix \(length): \(error)"); continue }
            }
        }
        var oddDegree = bytes
        oddDegree[1 + RunID.byteCount + 13] = 5  // degree field (after version, run id, round, dimension, graph)
        #expect(throws: SecureAggError.invalidConfiguration(reason: "sparse degree must be even, at least 2 and below 8; is 5")) {
            _ = try RoundConfiguration.decode(oddDegree[...])
        }
    }
}
