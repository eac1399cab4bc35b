// Helpers for the Format* test suites: a seeded random generator and error-kind checks.
import Testing
@testable import NewsIndex

/// SplitMix64: small, seeded, repeatable (the same sequence as the Python used for CRC vectors).
struct FormatRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// `count` bytes, each the low byte of one `next()`.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
    /// A value with a random bit length 0...64 (so every varint length shows up).
    mutating func anyWidthU64() -> UInt64 {
        let bits = Int(next() % 65)
        return bits == 0 ? 0 : next() >> UInt64(64 - bits)
    }
}

/// The error `body` throws, or nil.
func formatError(_ body: () throws -> Void) -> NewsIndexError? {
    do {
        try body()
        return nil
    } catch let e as NewsIndexError {
        return e
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}
