import DifferentialPrivacy
import Foundation
import Testing

/// Report records encode with the snake_case keys the coordinator and auditor read.
struct PrivacyReportTests {
    @Test func roundRecordRoundTripsWithSnakeCaseKeys() throws {
        var record = PrivacyRoundRecord(round: 3, samplingRate: 0.1, plannedNoiseMultiplier: 1, effectiveNoiseMultiplier: 0.9,
                                        survivors: 9, noisySurvivors: 8, clipNorm: 0.5, bits: 32,
                                        epsilonRDP: 1.5, epsilonPLD: 1.2)
        record.sampleSize = 10
        record.population = 100
        let data = try JSONEncoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["round", "sampling_rate", "sample_size", "population", "planned_noise_multiplier", "effective_noise_multiplier",
                                     "survivors", "noisy_survivors", "clip_norm", "bits",
                                     "epsilon_rdp", "epsilon_pld"])
        #expect(try JSONDecoder().decode(PrivacyRoundRecord.self, from: data) == record)
    }

    @Test func runHeaderNamesTheUnitOfPrivacy() throws {
        let header = PrivacyRunHeader(delta: 1e-5, plannedNoiseMultiplier: 1.1, bits: 32)
        let data = try JSONEncoder().encode(header)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["unit_of_privacy"] as? String == "participant")
        #expect(object["delta"] as? Double == 1e-5)
        #expect(try JSONDecoder().decode(PrivacyRunHeader.self, from: data) == header)
    }
}
