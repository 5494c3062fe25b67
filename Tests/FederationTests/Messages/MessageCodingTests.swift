import Federation
import Testing
import TestSupport

struct MessageCodingTests {
    @Test func noticeDeclineAndPlainUpdateRoundTrip() throws {
        let notice = Notice(outcome: .aborted, message: "too few survivors")
        #expect(try Notice.decode(notice.encode()) == notice)
        let decline = Decline(reason: "epsilon 9 above my maximum 4")
        #expect(try Decline.decode(decline.encode()) == decline)
        let update = PlainUpdate(vector: [0, 1, .max, 12345])
        #expect(try PlainUpdate.decode(update.encode(), length: 4) == update)
    }

    @Test func plainUpdateOfTheWrongLengthIsRefused() throws {
        let update = PlainUpdate(vector: [1, 2, 3])
        #expect(throws: FederationError.tooLarge(field: "plain_update.vector", limit: 2, actual: 3)) {
            try PlainUpdate.decode(update.encode(), length: 2)
        }
        #expect(throws: FederationError.invalidField(field: "plain_update.vector", reason: "3 values, expected 4")) {
            try PlainUpdate.decode(update.encode(), length: 4)
        }
    }

    @Test func unknownOutcomeVersionAndTruncationsAreErrors() throws {
        let bytes = Notice(outcome: .completed, message: "ok").encode()
        var unknown = bytes
        unknown[1] = 9
        #expect(throws: FederationError.invalidField(field: "notice.outcome", reason: "unknown outcome 9")) {
            try Notice.decode(unknown)
        }
        var version = bytes
        version[0] = FederationWire.version &+ 1
        #expect(throws: FederationError.unsupportedVersion(FederationWire.version &+ 1)) { try Notice.decode(version) }
        for cut in 0..<bytes.count {
            #expect(throws: FederationError.self, "prefix \(cut)") { try Notice.decode(Array(bytes.prefix(cut))) }
        }
        let decline = Decline(reason: "no").encode()
        for cut in 0..<decline.count {
            #expect(throws: FederationError.self, "prefix \(cut)") { try Decline.decode(Array(decline.prefix(cut))) }
        }
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        #expect(throws: FederationError.invalidField(field: "decline.reason", reason: "not UTF-8")) {
            try Decline.decode([FederationWire.version, 2, 0, 0, 0, 0xff, 0xfe])
        }
    }

    @Test func frameLimitsCoverTheLargestMessages() throws {
        let limits = FederationWire.frameLimits(dimension: 1000, participants: 10)
        let vector = 4 * UpdateLayout.vectorLength(dimension: 1000)
        #expect(try #require(limits.limit(for: FrameKind.plainUpdate.rawValue)) >= vector + 5)
        #expect(try #require(limits.limit(for: FrameKind.plan.rawValue)) >= 4 * 1000)
        #expect(limits.limit(for: 99) == nil)
    }
}
