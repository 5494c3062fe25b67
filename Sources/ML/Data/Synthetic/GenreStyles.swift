/// The ten synthetic genres, named as GTZAN's so the corpus drops in where
/// GTZAN would. Patterns are 16 steps (sixteenths of a 4/4 bar): `x` always,
/// `o` half the time, `-` a rare ghost note, `.` never.
extension GenreStyle {
    static let all: [GenreStyle] = [
        .blues, .classical, .country, .disco, .hiphop, .jazz, .metal, .pop, .reggae, .rock,
    ]

    private static func pattern(_ text: String) -> [Double] {
        text.map { character in
            switch character {
            case "x": 1
            case "o": 0.5
            case "-": 0.12
            default: 0
            }
        }
    }

    private static func chords(_ roots: [Int], _ intervals: [Int]) -> [Chord] {
        roots.map { Chord(root: $0, intervals: intervals) }
    }

    private static let major = [0, 4, 7], minor = [0, 3, 7], power = [0, 7, 12]
    private static let dominant7 = [0, 4, 7, 10], minor7 = [0, 3, 7, 10], major7 = [0, 4, 7, 11]
    private static let pentatonicMinor = [0, 3, 5, 7, 10], pentatonicMajor = [0, 2, 4, 7, 9]
    private static let majorScale = [0, 2, 4, 5, 7, 9, 11], minorScale = [0, 2, 3, 5, 7, 8, 10]
    private static let dorian = [0, 2, 3, 5, 7, 9, 10]

    static let blues = GenreStyle(
        tempo: 68...110, swing: 0.22...0.33,
        progressions: [chords([0, 0, 0, 0, 5, 5, 0, 0, 7, 5, 0, 7], dominant7), chords([0, 5, 0, 7], dominant7)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("x.......o.-.....") , snare: pattern("....x.......x..."),
                     hat: pattern("x.o.x.o.x.o.x.o."), hatDecay: 0.05...0.3),
        kit: .init(kickDecay: 0.12, snareDecay: 0.1, snareNoise: 0.6, hatDecay: 0.08, hatDarkness: 0.4),
        bassLine: .walking, bassVoice: .init(waveform: .triangle, attack: 0.01, decay: 0.5, release: 0.05, brightness: 0.5),
        bassOctave: 36, chordStyle: .comp,
        chordVoice: .init(waveform: .organ, attack: 0.02, decay: 0.6, release: 0.1, brightness: 0.5),
        chordOctave: 55, leadScale: pentatonicMinor,
        leadVoice: .init(waveform: .saw, attack: 0.02, decay: 0.8, release: 0.1, vibratoDepth: 0.25, vibratoRate: 5.5, brightness: 0.25),
        leadDensity: 0.25, leadChance: 0.8, leadGlide: 1.5, distortion: 1...2.5, levels: (0.7, 0.8, 0.5, 0.6))

    static let classical = GenreStyle(
        tempo: 60...120, swing: 0...0.02,
        progressions: [chords([0, 5, 7, 0], major) + chords([9, 2, 7, 0], minor), chords([0, 9, 5, 7], major)],
        beatsPerChord: 4, drums: nil, kit: .init(),
        bassLine: .rootOnBeats, bassVoice: .init(waveform: .saw, attack: 0.08, decay: nil, release: 0.3, vibratoDepth: 0.1, brightness: 0.08),
        bassOctave: 43, chordStyle: .arpeggio,
        chordVoice: .init(waveform: .triangle, attack: 0.005, decay: 0.4, release: 0.3, brightness: 0.4),
        chordOctave: 60, leadScale: majorScale,
        leadVoice: .init(waveform: .saw, attack: 0.15, decay: nil, release: 0.4, vibratoDepth: 0.2, vibratoRate: 5.5, brightness: 0.12),
        leadDensity: 0.12, leadChance: 0.8, leadGlide: 0, distortion: 1...1, levels: (0, 0.5, 0.7, 0.6))

    static let country = GenreStyle(
        tempo: 96...144, swing: 0...0.1,
        progressions: [chords([0, 5, 0, 7], major), chords([0, 0, 5, 7], major)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("x.......x......."), snare: pattern("....x.......x..."),
                     hat: pattern("x.x.x.x.x.x.x.x."), hatDecay: 0.02...0.05),
        kit: .init(kickDecay: 0.1, snareDecay: 0.08, snareNoise: 0.5, hatDecay: 0.03, hatDarkness: 0.3),
        bassLine: .rootFifth, bassVoice: .init(waveform: .triangle, attack: 0.005, decay: 0.3, release: 0.05, brightness: 0.6),
        bassOctave: 40, chordStyle: .strum,
        chordVoice: .init(waveform: .saw, attack: 0.002, decay: 0.5, release: 0.1, brightness: 0.8, brightnessDecay: 3),
        chordOctave: 55, leadScale: pentatonicMajor,
        leadVoice: .init(waveform: .square, attack: 0.002, decay: 0.35, release: 0.05, brightness: 0.5, brightnessDecay: 2),
        leadDensity: 0.3, leadChance: 0.7, leadGlide: 1, distortion: 1...1.3, levels: (0.5, 0.7, 0.7, 0.5))

    static let disco = GenreStyle(
        tempo: 110...130, swing: 0...0.04,
        progressions: [chords([0, 5], minor7), chords([9, 2, 7, 0], minor7)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("x...x...x...x..."), snare: pattern("....x.......x..."),
                     hat: pattern("..x...x...x...x."), hatDecay: 0.15...0.3),
        kit: .init(kickStartHertz: 130, kickEndHertz: 55, kickDecay: 0.12, snareDecay: 0.15, snareNoise: 0.8, hatDecay: 0.2, hatDarkness: 0.1),
        bassLine: .octaveEighths, bassVoice: .init(waveform: .saw, attack: 0.003, decay: 0.15, release: 0.02, brightness: 0.3),
        bassOctave: 36, chordStyle: .pad,
        chordVoice: .init(waveform: .saw, attack: 0.1, decay: nil, release: 0.2, vibratoDepth: 0.08, brightness: 0.25),
        chordOctave: 60, leadScale: dorian,
        leadVoice: .init(waveform: .square, attack: 0.01, decay: 0.3, release: 0.05, brightness: 0.4),
        leadDensity: 0.2, leadChance: 0.5, leadGlide: 0, distortion: 1...1.2, levels: (0.9, 0.8, 0.5, 0.5))

    static let hiphop = GenreStyle(
        tempo: 80...100, swing: 0.08...0.2,
        progressions: [chords([0, 8], minor7), chords([0, 5, 3, 8], minor7)],
        beatsPerChord: 8,
        drums: .init(kick: pattern("x.....x.-.x....."), snare: pattern("....x.......x..o"),
                     hat: pattern("x.x.x.x.x.x.x.x."), hatDecay: 0.02...0.06),
        kit: .init(kickStartHertz: 110, kickEndHertz: 45, kickDecay: 0.3, snareDecay: 0.18, snareNoise: 0.85, hatDecay: 0.03, hatDarkness: 0.05),
        bassLine: .subSyncopated, bassVoice: .init(waveform: .sine, attack: 0.01, decay: 0.6, release: 0.1),
        bassOctave: 31, chordStyle: .comp,
        chordVoice: .init(waveform: .organ, attack: 0.005, decay: 0.5, release: 0.2, vibratoDepth: 0.05, brightness: 0.3),
        chordOctave: 57, leadScale: pentatonicMinor,
        leadVoice: .init(waveform: .sine, attack: 0.01, decay: 0.4, release: 0.1, brightness: 1),
        leadDensity: 0.08, leadChance: 0.4, leadGlide: 0, distortion: 1...1.5, levels: (1, 0.9, 0.35, 0.3))

    static let jazz = GenreStyle(
        tempo: 90...180, swing: 0.25...0.33,
        progressions: [[Chord(root: 2, intervals: minor7), Chord(root: 7, intervals: dominant7),
                        Chord(root: 0, intervals: major7), Chord(root: 9, intervals: dominant7)],
                       [Chord(root: 0, intervals: major7), Chord(root: 9, intervals: minor7),
                        Chord(root: 2, intervals: minor7), Chord(root: 7, intervals: dominant7)]],
        beatsPerChord: 4,
        drums: .init(kick: pattern("-.......-......."), snare: pattern("-.-.-.-.-.-.-.o."),
                     hat: pattern("x...x.x.x...x.x."), hatDecay: 0.4...0.8),
        kit: .init(kickDecay: 0.1, snareDecay: 0.25, snareNoise: 0.95, hatDecay: 0.5, hatDarkness: 0.02),
        bassLine: .walking, bassVoice: .init(waveform: .sine, attack: 0.01, decay: 0.35, release: 0.05, brightness: 1),
        bassOctave: 36, chordStyle: .comp,
        chordVoice: .init(waveform: .organ, attack: 0.005, decay: 0.5, release: 0.1, brightness: 0.35),
        chordOctave: 57, leadScale: dorian,
        leadVoice: .init(waveform: .triangle, attack: 0.03, decay: 0.6, release: 0.1, vibratoDepth: 0.15, vibratoRate: 4.5, brightness: 0.3),
        leadDensity: 0.35, leadChance: 0.8, leadGlide: 0.5, distortion: 1...1, levels: (0.5, 0.8, 0.5, 0.7))

    static let metal = GenreStyle(
        tempo: 130...200, swing: 0...0.02,
        progressions: [chords([0, 1, 0, 10], power), chords([0, 8, 10, 0], power)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("x.x.x.x.x.x.x.x."), snare: pattern("....x.......x..."),
                     hat: pattern("x.o.x.o.x.o.x.o."), hatDecay: 0.2...0.5),
        kit: .init(kickStartHertz: 180, kickEndHertz: 60, kickDecay: 0.07, snareDecay: 0.12, snareNoise: 0.7, hatDecay: 0.3, hatDarkness: 0.0),
        bassLine: .rootEighths, bassVoice: .init(waveform: .saw, attack: 0.003, decay: 0.2, release: 0.02, brightness: 0.2),
        bassOctave: 28, chordStyle: .powerChug,
        chordVoice: .init(waveform: .saw, attack: 0.002, decay: 0.2, release: 0.03, brightness: 0.6),
        chordOctave: 40, leadScale: minorScale,
        leadVoice: .init(waveform: .saw, attack: 0.01, decay: nil, release: 0.05, vibratoDepth: 0.3, vibratoRate: 6, brightness: 0.5),
        leadDensity: 0.3, leadChance: 0.35, leadGlide: 1, distortion: 3...8, levels: (0.8, 0.6, 0.9, 0.4))

    static let pop = GenreStyle(
        tempo: 96...128, swing: 0...0.06,
        progressions: [chords([0, 7], major) + chords([9], minor) + chords([5], major),
                       chords([9], minor) + chords([5, 0, 7], major)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("x.....o.x......."), snare: pattern("....x.......x..."),
                     hat: pattern("x.x.x.x.x.x.x.x."), hatDecay: 0.03...0.1),
        kit: .init(kickStartHertz: 140, kickEndHertz: 50, kickDecay: 0.15, snareDecay: 0.14, snareNoise: 0.75, hatDecay: 0.05, hatDarkness: 0.1),
        bassLine: .rootEighths, bassVoice: .init(waveform: .square, attack: 0.005, decay: 0.25, release: 0.03, brightness: 0.15),
        bassOctave: 36, chordStyle: .strum,
        chordVoice: .init(waveform: .organ, attack: 0.01, decay: 0.8, release: 0.15, brightness: 0.6),
        chordOctave: 60, leadScale: pentatonicMajor,
        leadVoice: .init(waveform: .square, attack: 0.01, decay: nil, release: 0.08, vibratoDepth: 0.1, brightness: 0.35),
        leadDensity: 0.3, leadChance: 0.85, leadGlide: 0, distortion: 1...1.3, levels: (0.8, 0.7, 0.5, 0.7))

    static let reggae = GenreStyle(
        tempo: 64...90, swing: 0.05...0.18,
        progressions: [chords([0, 5], major), chords([0, 5], minor), chords([0, 10, 5, 0], major)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("........x......."), snare: pattern("........x......-"),
                     hat: pattern("x.x.x.x.x.x.x.x."), hatDecay: 0.03...0.08),
        kit: .init(kickStartHertz: 120, kickEndHertz: 55, kickDecay: 0.2, snareToneHertz: 320, snareDecay: 0.06, snareNoise: 0.4, hatDecay: 0.04, hatDarkness: 0.2),
        bassLine: .dropBeatLine, bassVoice: .init(waveform: .sine, attack: 0.01, decay: 0.5, release: 0.05),
        bassOctave: 33, chordStyle: .offbeatStabs,
        chordVoice: .init(waveform: .square, attack: 0.002, decay: 0.06, release: 0.02, brightness: 0.45),
        chordOctave: 60, leadScale: majorScale,
        leadVoice: .init(waveform: .organ, attack: 0.02, decay: 0.4, release: 0.1, brightness: 0.5),
        leadDensity: 0.12, leadChance: 0.5, leadGlide: 0, distortion: 1...1.2, levels: (0.7, 1, 0.5, 0.4))

    static let rock = GenreStyle(
        tempo: 100...150, swing: 0...0.05,
        progressions: [chords([0, 10, 5, 0], power), chords([0, 5, 7, 5], major), chords([9, 5, 0, 7], power)],
        beatsPerChord: 4,
        drums: .init(kick: pattern("x.....x.x......."), snare: pattern("....x.......x..."),
                     hat: pattern("x.x.x.x.x.x.x.x."), hatDecay: 0.04...0.25),
        kit: .init(kickStartHertz: 150, kickEndHertz: 55, kickDecay: 0.12, snareDecay: 0.15, snareNoise: 0.7, hatDecay: 0.1, hatDarkness: 0.05),
        bassLine: .rootEighths, bassVoice: .init(waveform: .saw, attack: 0.004, decay: 0.3, release: 0.03, brightness: 0.25),
        bassOctave: 33, chordStyle: .powerChug,
        chordVoice: .init(waveform: .saw, attack: 0.003, decay: 0.6, release: 0.05, brightness: 0.5),
        chordOctave: 45, leadScale: pentatonicMinor,
        leadVoice: .init(waveform: .saw, attack: 0.01, decay: 0.8, release: 0.08, vibratoDepth: 0.2, vibratoRate: 5.5, brightness: 0.4),
        leadDensity: 0.25, leadChance: 0.5, leadGlide: 1, distortion: 1.5...4, levels: (0.8, 0.7, 0.8, 0.5))
}
