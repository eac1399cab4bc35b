// The one seeded random generator of the tests (SplitMix64): every random test prints its seed,
// so a failure can be replayed exactly.

/// SplitMix64: small, seeded, repeatable (the same sequence as the Python that made the CRC vectors).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }
    init(state: UInt64) { self.state = state }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<n (n > 0), by modulo (the tests' sequences depend on exactly this).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

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
