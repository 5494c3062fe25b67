import Federation
import Testing

struct UpdateLayoutTests {
    /// The masked vector is the privatized update alone: no loss or wrapped
    /// count rides beside it (their exact sum would be released without noise).
    @Test func theMaskedVectorIsThePaddedUpdateAlone() {
        #expect(UpdateLayout.paddedDimension(622_154) == 1 << 20)
        #expect(UpdateLayout.paddedDimension(1024) == 1024)
        #expect(UpdateLayout.vectorLength(dimension: 5) == 8)
        #expect(UpdateLayout.vectorLength(dimension: 1024) == 1024)
    }
}
