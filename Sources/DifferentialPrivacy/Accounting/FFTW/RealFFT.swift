import Foundation
internal import CFFTW3Double

/// A forward and inverse real FFT of one length with double-precision FFTW:
/// it owns its aligned buffers and both plans, freed in `deinit`.
///
/// The FFTW planner (and `fftw_destroy_plan`) keep global state and are not
/// thread-safe, so both run under `plannerLock`; `fftw_execute_dft_*` is safe
/// to call concurrently on distinct plans and buffers.
final class RealFFT {
    /// The transform length.
    let count: Int
    /// Number of complex outputs of the real transform: count/2 + 1.
    let spectrumCount: Int
    private let real: UnsafeMutablePointer<Double>
    private let spectrum: UnsafeMutablePointer<fftw_complex>
    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan

    private static let plannerLock = NSLock()

    /// Plans transforms of `count` points (FFTW_ESTIMATE: the length changes
    /// with every composition, so measuring plans would not pay off).
    init(count: Int) {
        precondition(count > 0 && count <= Int(Int32.max), "FFT length \(count) out of range")
        self.count = count
        spectrumCount = count / 2 + 1
        let real = fftw_alloc_real(count)
        let spectrum = fftw_alloc_complex(count / 2 + 1)
        guard let real, let spectrum else {
            preconditionFailure("FFTW could not allocate \(count) points")
        }
        self.real = real
        self.spectrum = spectrum
        let length = Int32(count)
        let flags = UInt32(FFTW_ESTIMATE)
        let (forward, inverse) = Self.plannerLock.withLock {
            (fftw_plan_dft_r2c_1d(length, real, spectrum, flags),
             fftw_plan_dft_c2r_1d(length, spectrum, real, flags))
        }
        guard let forward, let inverse else {
            preconditionFailure("FFTW could not plan a real transform of length \(count)")
        }
        forwardPlan = forward
        inversePlan = inverse
    }

    deinit {
        Self.plannerLock.withLock {
            fftw_destroy_plan(forwardPlan)
            fftw_destroy_plan(inversePlan)
        }
        fftw_free(real)
        fftw_free(spectrum)
    }

    /// The spectrum of `values` zero-padded to `count`, as interleaved
    /// (re, im) pairs: 2 × spectrumCount doubles.
    func forward(_ values: [Double]) -> [Double] {
        precondition(values.count <= count, "input longer than the transform")
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { real.update(from: base, count: source.count) }
        }
        (real + values.count).update(repeating: 0, count: count - values.count)
        fftw_execute(forwardPlan)
        return [Double](unsafeUninitializedCapacity: 2 * spectrumCount) { buffer, initialized in
            UnsafeMutableRawPointer(spectrum).withMemoryRebound(to: Double.self, capacity: 2 * spectrumCount) {
                buffer.baseAddress?.update(from: $0, count: 2 * spectrumCount)
            }
            initialized = 2 * spectrumCount
        }
    }

    /// The inverse transform of interleaved (re, im) pairs, divided by
    /// `count` so that inverse(forward(x)) = x.
    func inverse(_ interleaved: [Double]) -> [Double] {
        precondition(interleaved.count == 2 * spectrumCount, "spectrum has the wrong length")
        interleaved.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(spectrum).withMemoryRebound(to: Double.self, capacity: 2 * spectrumCount) {
                if let base = source.baseAddress { $0.update(from: base, count: 2 * spectrumCount) }
            }
        }
        fftw_execute(inversePlan)
        let scale = 1 / Double(count)
        return (0..<count).map { real[$0] * scale }
    }

    /// The smallest length >= `minimum` whose prime factors are 2, 3, 5 and 7,
    /// sizes FFTW transforms fastest.
    static func fastLength(atLeast minimum: Int) -> Int {
        var best = Int.max
        var power7 = 1
        while power7 < 2 * max(minimum, 1) {
            var power5 = power7
            while power5 < 2 * max(minimum, 1) {
                var power3 = power5
                while power3 < 2 * max(minimum, 1) {
                    var candidate = power3
                    while candidate < minimum { candidate *= 2 }
                    best = min(best, candidate)
                    power3 *= 3
                }
                power5 *= 5
            }
            power7 *= 7
        }
        return best
    }
}
