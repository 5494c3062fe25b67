internal import CFFTW3

/// The power spectra of two real frames from one single-precision complex FFTW
/// transform of `size` points: the first frame is the real part of the input, the
/// second its imaginary part. With Z = FFT(a + i·b) and both frames real,
/// A[k] = (Z[k] + conj Z[n−k]) / 2 and B[k] = (Z[k] − conj Z[n−k]) / 2i.
///
/// Why not `RealFFT`: FFTW_ESTIMATE (needed for bit-identical features, see
/// `RealFFT.init`) plans a 2048-point r2c transform with radix-2 half-complex
/// codelets, while its complex 2048-point plan is two AVX passes of radix 32 and 64;
/// one complex transform costs about 0.4 of the two r2c transforms it replaces on
/// the Xeons measured (Ice Lake-SP: 1.9 µs against 4.5 µs per frame of CPU time).
/// Batching all frames of a segment into one `fftwf_plan_many` plan was no faster
/// than either and needs 2 MB of buffers per thread instead of 32 KB.
///
/// Rounding: a frame's bins carry the other frame's rounding error (about 1e-7 of its
/// largest amplitude), far below the -80 dB floor of a segment's log-mel values.
///
/// The plan is made once per process under `FFTWPlanner`'s lock; executing it on
/// other equally aligned arrays with `fftwf_execute_dft` is thread-safe, so every
/// thread brings its own `Buffers`.
package final class FramePairFFT: @unchecked Sendable {
    // Sendable: `plan` is never modified after init and is only passed to
    // fftwf_execute_dft, which FFTW documents as safe to call concurrently.
    let size: Int
    private let plan: fftwf_plan

    /// The shared plan for pairs of frames of `size` real samples.
    package static func shared(size: Int) -> FramePairFFT {
        FFTWPlanner.shared(.init(kind: "c2c-forward", size: size)) { FramePairFFT(size: size) }
    }

    /// Plans with FFTW_ESTIMATE (same plan, same bits, in every process).
    /// Called only under `FFTWPlanner`'s lock.
    private init(size: Int) {
        precondition(size > 0 && size % 2 == 0, "FFT size must be even and positive")
        self.size = size
        let scratch = Buffers(size: size)
        guard let made = fftwf_plan_dft_1d(Int32(size), scratch.complexInput, scratch.complexOutput, FFTW_FORWARD,
                                           UInt32(FFTW_ESTIMATE)) else {
            preconditionFailure("FFTW could not plan a complex transform of size \(size)")
        }
        plan = made
    }

    deinit {
        fftwf_destroy_plan(plan)
    }

    /// Transforms the pair in `buffers.input` and writes the power spectra
    /// |A[k]|² to `first[k]` and |B[k]|² to `second[k]` for bins k in 0..<`bins`.
    /// - Precondition: 1 ≤ `bins` ≤ size / 2 + 1.
    package func powerSpectra(_ buffers: Buffers, first: UnsafeMutablePointer<Float>,
                              second: UnsafeMutablePointer<Float>, bins: Int) {
        precondition(buffers.size == size, "buffers made for another size")
        precondition(bins >= 1 && bins <= size / 2 + 1, "bins lie in 1...size/2+1")
        fftwf_execute_dft(plan, buffers.complexInput, buffers.complexOutput)
        let z = UnsafeRawPointer(buffers.output), n = size
        let zero = buffers.output[0], zeroI = buffers.output[1]
        first[0] = zero * zero
        second[0] = zeroI * zeroI
        // Z[k] = (zr, zi), Z[n−k] = (wr, wi): A = ((zr+wr)/2, (zi−wi)/2), B = ((zi+wi)/2, (wr−zr)/2).
        // Four bins at a time: Z[k ..< k+4] and Z[n−k−3 ... n−k], the latter read backwards.
        var k = 1
        while k &+ 4 <= bins {
            let ahead = z.loadUnaligned(fromByteOffset: 8 &* k, as: SIMD8<Float>.self)
            let behind = z.loadUnaligned(fromByteOffset: 8 &* (n &- k &- 3), as: SIMD8<Float>.self)
            let zr = ahead.evenHalf, zi = ahead.oddHalf
            let wr = SIMD4(behind[6], behind[4], behind[2], behind[0])
            let wi = SIMD4(behind[7], behind[5], behind[3], behind[1])
            let sumR = zr + wr, difI = zi - wi, sumI = zi + wi, difR = zr - wr
            UnsafeMutableRawPointer(first + k).storeBytes(of: (sumR * sumR + difI * difI) * 0.25, as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(second + k).storeBytes(of: (sumI * sumI + difR * difR) * 0.25, as: SIMD4<Float>.self)
            k &+= 4
        }
        let output = buffers.output
        while k < bins {
            let zr = output[2 &* k], zi = output[2 &* k &+ 1], wr = output[2 &* (n &- k)], wi = output[2 &* (n &- k) &+ 1]
            let sumR = zr + wr, difI = zi - wi, sumI = zi + wi, difR = zr - wr
            first[k] = (sumR * sumR + difI * difI) * 0.25
            second[k] = (sumI * sumI + difR * difR) * 0.25
            k &+= 1
        }
    }

    /// One thread's SIMD-aligned input and output of `size` complex values each, as
    /// interleaved (real, imaginary) floats; the one owner of both allocations.
    package final class Buffers {
        let size: Int
        /// `size` complex inputs: the first frame's samples at even indices, the second's at odd.
        package let input: UnsafeMutablePointer<Float>
        /// `size` complex bins, interleaved.
        let output: UnsafeMutablePointer<Float>

        package init(size: Int) {
            self.size = size
            guard let input = fftwf_alloc_real(2 * size), let output = fftwf_alloc_real(2 * size) else {
                preconditionFailure("out of memory for FFT buffers of size \(size)")
            }
            self.input = input
            self.output = output
            input.initialize(repeating: 0, count: 2 * size)
            output.initialize(repeating: 0, count: 2 * size)
        }

        fileprivate var complexInput: UnsafeMutablePointer<fftwf_complex> {
            UnsafeMutableRawPointer(input).assumingMemoryBound(to: fftwf_complex.self)
        }

        fileprivate var complexOutput: UnsafeMutablePointer<fftwf_complex> {
            UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftwf_complex.self)
        }

        deinit {
            fftwf_free(input)
            fftwf_free(output)
        }
    }
}
