// A token sink that hashes every term and position: for benchmarks, to prove the work was done.

/// Folds every term's bytes and position into an FNV-1a style checksum and counts tokens, so a
/// benchmark's result can be compared across runs and builds (a broken optimisation changes it).
public struct TermChecksum: TokenSink {
    public private(set) var checksum: UInt64 = 0xCBF2_9CE4_8422_2325
    public private(set) var tokens = 0

    public init() {}

    @inline(__always)
    public mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        var h = checksum ^ UInt64(truncatingIfNeeded: position)
        for byte in term { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        checksum = h
        tokens += 1
    }
}
