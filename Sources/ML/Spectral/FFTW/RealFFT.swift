internal import CFFTW3

/// A single-precision real-to-complex FFTW plan of one size, made once per
/// process and shared by every thread.
///
/// FFTW's planner is not thread-safe, so plans are made under `FFTWPlanner`'s
/// lock and cached by size; executing a plan on other (equally aligned) arrays with
/// `fftwf_execute_dft_r2c` is thread-safe, so every caller brings its own
/// `RealFFT.Buffers`.
package final class RealFFT: @unchecked Sendable {
    // Sendable: `plan` is never modified after init and is only passed to
    // fftwf_execute_dft_r2c, which FFTW documents as safe to call concurrently.
    let size: Int
    private let plan: fftwf_plan

    /// The shared plan for transforms of `size` real samples.
    package static func shared(size: Int) -> RealFFT {
        FFTWPlanner.shared(.init(kind: "r2c", size: size)) { RealFFT(size: size) }
    }

    /// Plans with FFTW_ESTIMATE, so that the same audio gives the same features
    /// to the bit in every process: FFTW_MEASURE picks its algorithm by timing,
    /// and the choice (and with it the last bits) changed between runs.
    /// FFTW_DESTROY_INPUT lets the transform use its input as scratch, as
    /// callers refill it before every transform. Called only under `FFTWPlanner`'s lock.
    private init(size: Int) {
        precondition(size > 0 && size % 2 == 0, "FFT size must be even and positive")
        self.size = size
        let scratch = Buffers(size: size)
        guard let made = fftwf_plan_dft_r2c_1d(Int32(size), scratch.input, scratch.complexOutput,
                                               UInt32(FFTW_ESTIMATE | FFTW_DESTROY_INPUT)) else {
            preconditionFailure("FFTW could not plan a real transform of size \(size)")
        }
        plan = made
    }

    deinit {
        fftwf_destroy_plan(plan)
    }

    /// Transforms `buffers.input` (`size` reals, overwritten) into `buffers.output`
    /// (`size / 2 + 1` complex bins, interleaved real and imaginary parts).
    package func transform(_ buffers: Buffers) {
        precondition(buffers.size == size, "buffers made for another size")
        fftwf_execute_dft_r2c(plan, buffers.input, buffers.complexOutput)
    }

    /// SIMD-aligned input and output arrays for one thread's transforms; the
    /// one owner of both allocations.
    package final class Buffers {
        let size: Int
        /// `size` real samples.
        package let input: UnsafeMutablePointer<Float>
        /// `size / 2 + 1` complex bins as interleaved (real, imaginary) floats.
        package let output: UnsafeMutablePointer<Float>

        package init(size: Int) {
            self.size = size
            guard let input = fftwf_alloc_real(size), let output = fftwf_alloc_real(size + 2) else {
                preconditionFailure("out of memory for FFT buffers of size \(size)")
            }
            self.input = input
            self.output = output
            input.initialize(repeating: 0, count: size)
            output.initialize(repeating: 0, count: size + 2)
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
