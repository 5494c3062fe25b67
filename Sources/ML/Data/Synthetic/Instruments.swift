import ChorusSupport
import Foundation

/// The synthetic corpus's instruments: additive renderers of single notes
/// and drum hits into a mono 22050 Hz buffer. Cheap per sample (phase
/// accumulators, one-pole filters, multiplicative envelopes) so a corpus
/// renders in a fraction of a second.
enum Instruments {
    static let sampleRate = 22050.0

    /// The oscillator shape of a tonal voice.
    enum Waveform: Sendable {
        case sine, triangle, saw, square
        /// Sine with its 2nd and 3rd harmonics (drawbar organ, electric piano).
        case organ
    }

    /// How a tonal instrument sounds: oscillator, envelope, vibrato and tone.
    struct Voice: Sendable {
        var waveform: Waveform
        /// Attack ramp in seconds.
        var attack: Double
        /// Exponential decay time constant in seconds (nil: sustained).
        var decay: Double?
        /// Release ramp after the note's end, seconds.
        var release: Double
        /// Vibrato depth in semitones and rate in Hz.
        var vibratoDepth: Double = 0
        var vibratoRate: Double = 5
        /// One-pole low-pass coefficient in (0, 1]; 1 leaves the oscillator bright.
        var brightness: Float = 1
        /// How much the low-pass closes over the note (plucked strings); 0 keeps it fixed.
        var brightnessDecay: Float = 0
    }

    /// Adds one note of `voice` at `frequency` Hz to `buffer`, from `start`
    /// for `duration` seconds (plus the release); `glide` semitones bend up into the pitch.
    static func note(into buffer: inout [Float], start: Double, duration: Double,
                     frequency: Double, amplitude: Float, voice: Voice, glide: Double = 0) {
        let first = Int(start * sampleRate)
        let sustainCount = Int(duration * sampleRate)
        let total = sustainCount + Int(voice.release * sampleRate)
        guard first < buffer.count, total > 0 else { return }
        let last = min(buffer.count, first + total)
        let attackCount = max(1, Int(voice.attack * sampleRate))
        let releaseCount = max(1, total - sustainCount)
        let decayFactor = voice.decay.map { Float(exp(-1 / ($0 * sampleRate))) } ?? 1
        var phase = 0.0, vibratoPhase = 0.0, envelope: Float = 1, filtered: Float = 0
        var brightness = voice.brightness
        let brightnessFactor = 1 - voice.brightnessDecay / Float(sampleRate) * 8
        var increment = frequency / sampleRate
        for index in first..<last {
            let n = index - first
            if n % 32 == 0 {
                // Pitch (glide into the note, vibrato) is updated every 32 samples.
                let bend = glide * exp(-Double(n) / (0.08 * sampleRate))
                let vibrato = voice.vibratoDepth * sin(2 * Double.pi * vibratoPhase)
                increment = frequency * pow(2, (vibrato - bend) / 12) / sampleRate
                vibratoPhase += 32 * voice.vibratoRate / sampleRate
            }
            phase += increment
            phase -= phase.rounded(.down)
            var value = oscillator(voice.waveform, phase: Float(phase))
            filtered += brightness * (value - filtered)
            value = filtered
            brightness = max(0.02, brightness * brightnessFactor)
            var gain = envelope
            if n < attackCount { gain *= Float(n) / Float(attackCount) }
            if n >= sustainCount { gain *= 1 - Float(n - sustainCount) / Float(releaseCount) }
            envelope *= decayFactor
            buffer[index] += amplitude * gain * value
        }
    }

    /// A cheap sine of `2π·phase` for phase in [0, 1): a parabola with one correction (error < 0.001).
    @inline(__always)
    static func sine(_ phase: Float) -> Float {
        let x = 2 * (phase < 0.5 ? phase : phase - 1)  // angle / π in [-1, 1)
        let y = 4 * x * (1 - abs(x))
        return 0.225 * (y * abs(y) - y) + y
    }

    /// `phase` reduced to [0, 1).
    @inline(__always)
    private static func wrap(_ phase: Float) -> Float {
        phase - phase.rounded(.down)
    }

    @inline(__always)
    private static func oscillator(_ waveform: Waveform, phase: Float) -> Float {
        switch waveform {
        case .sine: sine(phase)
        case .triangle: phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase
        case .saw: 2 * phase - 1
        case .square: phase < 0.5 ? 1 : -1
        case .organ:
            0.6 * sine(phase) + 0.3 * sine(wrap(2 * phase)) + 0.15 * sine(wrap(3 * phase))
        }
    }

    /// A drum kit's sound: kick pitch sweep, snare tone and noise, hi-hat brightness.
    struct DrumKit: Sendable {
        var kickStartHertz: Double = 150
        var kickEndHertz: Double = 50
        var kickDecay: Double = 0.15
        var snareToneHertz: Double = 190
        var snareDecay: Double = 0.12
        /// Share of noise against tone in the snare, 0...1.
        var snareNoise: Float = 0.7
        var hatDecay: Double = 0.03
        /// 0...1: how much low end the hat noise keeps (0 is brightest).
        var hatDarkness: Float = 0.2
    }

    /// Adds a kick drum hit at `time` seconds.
    static func kick(into buffer: inout [Float], at time: Double, amplitude: Float, kit: DrumKit) {
        let first = Int(time * sampleRate)
        let last = min(buffer.count, first + Int(kit.kickDecay * 5 * sampleRate))
        guard first < last else { return }
        var phase = 0.0, envelope = amplitude
        let decay = Float(exp(-1 / (kit.kickDecay * sampleRate)))
        let sweep = exp(-1 / (0.03 * sampleRate))
        var excess = kit.kickStartHertz - kit.kickEndHertz
        for index in first..<last {
            phase += (kit.kickEndHertz + excess) / sampleRate
            phase -= phase.rounded(.down)
            excess *= sweep
            buffer[index] += envelope * sine(Float(phase))
            envelope *= decay
        }
    }

    /// Adds a snare hit (tone plus band-limited noise) at `time` seconds.
    static func snare(into buffer: inout [Float], at time: Double, amplitude: Float, kit: DrumKit,
                      random: inout SeededGenerator) {
        let first = Int(time * sampleRate)
        let last = min(buffer.count, first + Int(kit.snareDecay * 5 * sampleRate))
        guard first < last else { return }
        var phase = 0.0, envelope = amplitude, toneEnvelope = amplitude, low: Float = 0
        let decay = Float(exp(-1 / (kit.snareDecay * sampleRate)))
        let toneDecay = Float(exp(-1 / (0.04 * sampleRate)))
        for index in first..<last {
            phase += kit.snareToneHertz / sampleRate
            phase -= phase.rounded(.down)
            let noise = random.signedUnitFloat()
            low += 0.5 * (noise - low)
            buffer[index] += kit.snareNoise * envelope * low + (1 - kit.snareNoise) * toneEnvelope * sine(Float(phase))
            envelope *= decay
            toneEnvelope *= toneDecay
        }
    }

    /// Adds a hi-hat (or ride, with a long `decay`) hit: high-passed noise.
    static func hat(into buffer: inout [Float], at time: Double, amplitude: Float, decay: Double,
                    kit: DrumKit, random: inout SeededGenerator) {
        let first = Int(time * sampleRate)
        let last = min(buffer.count, first + Int(decay * 5 * sampleRate))
        guard first < last else { return }
        var envelope = amplitude, previous: Float = 0
        let factor = Float(exp(-1 / (decay * sampleRate)))
        for index in first..<last {
            let noise = random.signedUnitFloat()
            buffer[index] += envelope * (noise - (1 - kit.hatDarkness) * previous)
            previous = noise
            envelope *= factor
        }
    }
}
