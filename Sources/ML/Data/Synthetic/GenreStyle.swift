/// What makes one synthetic genre sound like itself: ranges the clip's
/// choices are drawn from. Ranges of neighbouring genres overlap on purpose
/// (rock and metal share power chords, disco and pop four-to-the-floor
/// grooves), so the classes are learnable but not trivially separable.
struct GenreStyle: Sendable {
    /// Drum pattern over one 4/4 bar of 16 steps: the probability of a hit per step.
    struct DrumPattern: Sendable {
        var kick: [Double]
        var snare: [Double]
        var hat: [Double]
        /// Hat decay in seconds (0.03 closed, 0.3 open, 0.6 a ride cymbal).
        var hatDecay: ClosedRange<Double>
    }

    enum BassLine: Sendable {
        /// The chord root on every beat.
        case rootOnBeats
        /// Quarter notes walking through chord and passing tones.
        case walking
        /// Eighths jumping between root and octave.
        case octaveEighths
        /// Root on beat 1, fifth on beat 3 (boom-chick).
        case rootFifth
        /// Driving root eighths.
        case rootEighths
        /// Long sub-bass notes on a syncopated rhythm.
        case subSyncopated
        /// A melodic line around offbeats that rests on beat 1.
        case dropBeatLine
    }

    enum ChordStyle: Sendable {
        /// Sustained chord for its whole length.
        case pad
        /// Short stabs on the offbeats (the reggae skank).
        case offbeatStabs
        /// Strummed on beats 1 and 3.
        case strum
        /// Chord tones one after another on sixteenths.
        case arpeggio
        /// Root, fifth and octave in chugging eighths.
        case powerChug
        /// Short chords on random steps (jazz comping).
        case comp
    }

    /// Scale degrees (semitones above the key) a chord is built on, with its intervals.
    struct Chord: Sendable {
        var root: Int
        var intervals: [Int]
    }

    var tempo: ClosedRange<Double>
    /// Delay of the off-eighth as a fraction of an eighth (0 straight, 0.33 triplet shuffle).
    var swing: ClosedRange<Double>
    /// Chord progressions to choose from; one chord per `beatsPerChord` beats.
    var progressions: [[Chord]]
    var beatsPerChord: Int
    var drums: DrumPattern?
    var kit: Instruments.DrumKit
    var bassLine: BassLine
    var bassVoice: Instruments.Voice
    /// MIDI note of the bass register's lowest root.
    var bassOctave: Int
    var chordStyle: ChordStyle
    var chordVoice: Instruments.Voice
    var chordOctave: Int
    /// Scale of the lead melody (semitones), its voice, note probability per step and chance of a lead at all.
    var leadScale: [Int]
    var leadVoice: Instruments.Voice
    var leadDensity: Double
    var leadChance: Double
    /// Semitones the lead bends into notes (blues), 0 for none.
    var leadGlide: Double
    /// tanh drive of the chord bus; 1 is clean.
    var distortion: ClosedRange<Double>
    /// Levels of drums, bass, chords and lead.
    var levels: (drums: Float, bass: Float, chords: Float, lead: Float)
}
