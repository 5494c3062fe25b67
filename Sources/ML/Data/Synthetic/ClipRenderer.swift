import ChorusSupport
import Foundation

/// Renders one synthetic clip of a `GenreStyle`: draws the clip's tempo,
/// swing, key, progression, levels and drive from the style's ranges, then
/// plays drums, bass, chords and an optional lead on a sixteenth-note grid
/// with humanized timing and velocity, and mixes them.
struct ClipRenderer {
    private let style: GenreStyle
    private let seconds: Double
    private var random: SeededGenerator

    init(style: GenreStyle, seconds: Double, random: SeededGenerator) {
        self.style = style
        self.seconds = seconds
        self.random = random
    }

    /// The clip's mono samples at 22050 Hz, peak-normalized to a random level in [0.3, 0.95].
    mutating func render() -> [Float] {
        let count = Int(seconds * Instruments.sampleRate)
        var drums = [Float](repeating: 0, count: count), bass = drums, chords = drums, lead = drums
        play(drums: &drums, bass: &bass, chords: &chords, lead: &lead)
        let drive = Float(uniform(style.distortion))
        if drive > 1.05 {
            let norm = tanh(drive)
            for index in chords.indices { chords[index] = tanh(drive * chords[index]) / norm }
        }
        let levels = (style.levels.drums * jitter(), style.levels.bass * jitter(),
                      style.levels.chords * jitter(), style.levels.lead * jitter())
        let noise = Float(uniform(1e-4...3e-3))
        var mix = [Float](repeating: 0, count: count)
        var peak: Float = 1e-9
        for index in 0..<count {
            let value = levels.0 * drums[index] + levels.1 * bass[index] + levels.2 * chords[index]
                + levels.3 * lead[index] + noise * random.signedUnitFloat()
            mix[index] = value
            peak = max(peak, abs(value))
        }
        let gain = Float(uniform(0.3...0.95)) / peak
        for index in 0..<count { mix[index] *= gain }
        return mix
    }

    private mutating func play(drums: inout [Float], bass: inout [Float], chords: inout [Float], lead: inout [Float]) {
        let step = 60 / uniform(style.tempo) / 4
        let swing = uniform(style.swing)
        let key = Int(random.next() % 12) - 5
        let progression = style.progressions[Int(random.next() % UInt64(style.progressions.count))]
        let hatDecay = style.drums.map { uniform($0.hatDecay) } ?? 0
        let hasLead = random.unit() < style.leadChance
        let stepsPerChord = 4 * style.beatsPerChord
        var leadDegree = 0
        for s in 0...Int(seconds / step) {
            // Off-eighths are delayed by `swing` of an eighth, off-sixteenths by half that.
            let time = Double(s) * step + (s % 4 == 2 ? 2 * swing * step : 0) + (s % 2 == 1 ? swing * step : 0)
            let position = s % 16
            let chord = progression[(s / stepsPerChord) % progression.count]
            if let pattern = style.drums {
                if hit(pattern.kick[position]) {
                    Instruments.kick(into: &drums, at: humanize(time), amplitude: velocity(), kit: style.kit)
                }
                if hit(pattern.snare[position]) {
                    Instruments.snare(into: &drums, at: humanize(time), amplitude: velocity(), kit: style.kit,
                                      random: &random)
                }
                if hit(pattern.hat[position]) {
                    Instruments.hat(into: &drums, at: humanize(time), amplitude: 0.5 * velocity(), decay: hatDecay,
                                    kit: style.kit, random: &random)
                }
            }
            playBass(into: &bass, step: s, time: time, stepSeconds: step, root: style.bassOctave + key + chord.root,
                     chord: chord)
            playChord(into: &chords, step: s, time: time, stepSeconds: step,
                      notes: chord.intervals.map { style.chordOctave + key + chord.root + $0 },
                      stepsPerChord: stepsPerChord)
            if hasLead && hit(style.leadDensity) {
                leadDegree = max(-4, min(9, leadDegree + Int(random.next() % 5) - 2))
                let scale = style.leadScale
                let octave = leadDegree >= 0 ? leadDegree / scale.count : (leadDegree - scale.count + 1) / scale.count
                let degree = leadDegree - octave * scale.count
                let midi = 72 + key + 12 * octave + scale[degree]
                let glide = random.unit() < 0.3 ? style.leadGlide : 0
                Instruments.note(into: &lead, start: humanize(time), duration: step * Double(1 + random.next() % 4),
                                 frequency: Self.hertz(midi), amplitude: 0.5 * velocity(), voice: style.leadVoice,
                                 glide: glide)
            }
        }
    }

    private mutating func playBass(into buffer: inout [Float], step s: Int, time: Double,
                                   stepSeconds: Double, root: Int, chord: GenreStyle.Chord) {
        let position = s % 16
        var notes: [(midi: Int, steps: Double)] = []
        switch style.bassLine {
        case .rootOnBeats:
            if s % 4 == 0 { notes.append((root, 3.8)) }
        case .walking:
            if s % 4 == 0 {
                let tones = chord.intervals + [2, 5, 9]
                notes.append((position == 0 ? root : root + tones[Int(random.next() % UInt64(tones.count))], 3.6))
            }
        case .octaveEighths:
            if s % 2 == 0 { notes.append((root + (s % 4 == 2 ? 12 : 0), 1.6)) }
        case .rootFifth:
            if position == 0 { notes.append((root, 6)) }
            if position == 8 { notes.append((root + 7, 6)) }
        case .rootEighths:
            if s % 2 == 0 { notes.append((root, 1.8)) }
        case .subSyncopated:
            if [0, 6, 10].contains(position) { notes.append((root, 3.5)) }
        case .dropBeatLine:
            if [2, 3, 6, 8, 10, 11, 14].contains(position) && hit(0.7) {
                notes.append((root + chord.intervals[Int(random.next() % UInt64(chord.intervals.count))], 1.5))
            }
        }
        for note in notes {
            Instruments.note(into: &buffer, start: humanize(time), duration: note.steps * stepSeconds,
                             frequency: Self.hertz(note.midi), amplitude: 0.6 * velocity(), voice: style.bassVoice)
        }
    }

    private mutating func playChord(into buffer: inout [Float], step s: Int, time: Double,
                                    stepSeconds: Double, notes: [Int], stepsPerChord: Int) {
        let position = s % 16
        let voice = style.chordVoice
        let amplitude = 0.8 / Float(notes.count) * velocity()
        func strike(_ midi: [Int], steps: Double, spread: Double = 0) {
            for (index, note) in midi.enumerated() {
                Instruments.note(into: &buffer, start: time + spread * Double(index), duration: steps * stepSeconds,
                                 frequency: Self.hertz(note), amplitude: amplitude, voice: voice)
            }
        }
        switch style.chordStyle {
        case .pad:
            if s % stepsPerChord == 0 { strike(notes, steps: Double(stepsPerChord)) }
        case .offbeatStabs:
            if position % 4 == 2 { strike(notes, steps: 0.8) }
        case .strum:
            if position == 0 || position == 8 || ((position == 4 || position == 12) && hit(0.5)) {
                strike(notes, steps: 3.5, spread: 0.012)
            }
        case .arpeggio:
            let cycle = notes + [notes[0] + 12] + notes.dropFirst().reversed()
            strike([cycle[s % cycle.count]], steps: 2)
        case .powerChug:
            if s % 2 == 0 { strike(notes, steps: position % 4 == 0 ? 1.8 : 0.9) }
        case .comp:
            if hit(0.2) { strike(notes, steps: Double(1 + random.next() % 3)) }
        }
    }

    private static func hertz(_ midi: Int) -> Double {
        440 * pow(2, Double(midi - 69) / 12)
    }

    private mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * random.unit()
    }

    private mutating func hit(_ probability: Double) -> Bool {
        probability > 0 && random.unit() < probability
    }

    /// A hit's loudness, 0.6...1.
    private mutating func velocity() -> Float {
        Float(uniform(0.6...1))
    }

    /// A mix level's clip-to-clip variation, ×0.6...1.4.
    private mutating func jitter() -> Float {
        Float(uniform(0.6...1.4))
    }

    /// `time` moved by up to ±8 ms, as a player would.
    private mutating func humanize(_ time: Double) -> Double {
        max(0, time + uniform(-0.008...0.008))
    }
}
