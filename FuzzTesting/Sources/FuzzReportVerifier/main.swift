import Audit
import FuzzSupport
import TestSupport

// Any bytes given to the privacy-report verifier give a verdict, never a trap.
// Epsilon is not recomputed: the accountant is slow and sees only numbers the
// parser has already accepted.
runFuzzer(seeds: {
    [try ReportFixture().bytes]
}, body: { bytes in
    _ = ReportVerifier.verify(bytes, recomputeEpsilon: false)
})
