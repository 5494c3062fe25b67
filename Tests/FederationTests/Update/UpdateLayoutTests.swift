import Federation
import Testing

struct UpdateLayoutTests {
    @Test func extrasSumAcrossParticipantsAndSplitOff() throws {
        let first = UpdateLayout.appendingExtras(to: [1, 2, 3, 4], loss: 1.25, wrapped: 2)
        let second = UpdateLayout.appendingExtras(to: [10, 20, 30, 40], loss: 0.5, wrapped: 1)
        let sum = zip(first, second).map { $0 &+ $1 }
        let split = try UpdateLayout.splitExtras(sum)
        #expect(split.update == [11, 22, 33, 44])
        #expect(abs(split.lossSum - 1.75) < 1e-9) // losses are rounded to 1/1000
        #expect(split.wrapped == 3)
    }

    @Test func hostileLossesAreClamped() throws {
        let huge = UpdateLayout.appendingExtras(to: [], loss: .infinity, wrapped: 0)
        let negative = UpdateLayout.appendingExtras(to: [], loss: -5, wrapped: 0)
        #expect(huge[0] == UInt32(UpdateLayout.maximumLoss * UpdateLayout.lossScale))
        #expect(negative[0] == 0)
    }

    @Test func paddedDimensionIsTheNextPowerOfTwo() {
        #expect(UpdateLayout.paddedDimension(622_154) == 1 << 20)
        #expect(UpdateLayout.paddedDimension(1024) == 1024)
        #expect(UpdateLayout.vectorLength(dimension: 5) == 10)
    }

    @Test func aVectorWithoutExtrasCannotBeSplit() {
        #expect(throws: FederationError.self) { try UpdateLayout.splitExtras([1, 2]) }
    }
}
