// Reading all of standard input, and decoding bytes that may not be valid UTF-8.
import Glibc

enum StandardInput {
    /// Every byte of standard input.
    static func readAll() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

enum LenientUTF8 {
    /// The text of `bytes`, with U+FFFD in place of invalid sequences, and whether any were replaced.
    static func decode(_ bytes: [UInt8]) -> (text: String, replaced: Bool) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
        return (String(decoding: bytes, as: UTF8.self), true)
    }
}
