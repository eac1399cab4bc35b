// Buffered output to stdout and stderr with write(2): quiet end on a closed pipe, terminal detection.
import Glibc
import NewsIndex

/// A buffered writer on a file descriptor. A closed pipe (EPIPE) ends the process quietly with
/// status 0, as `newsidx search … | head -1` expects.
final class OutputStream: @unchecked Sendable {
    static let standardOutput = OutputStream(descriptor: 1)
    static let standardError = OutputStream(descriptor: 2)

    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    /// Whether the descriptor is a terminal.
    var isTerminal: Bool { ProcessEnvironment.isTerminal(descriptor) }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func line(_ text: String) {
        write(text)
        buffer.append(10)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { _exit(0) }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Shorthands used by every subcommand.
enum Console {
    static var out: OutputStream { .standardOutput }
    static var err: OutputStream { .standardError }

    /// A warning or error line on stderr, prefixed with "newsidx: ".
    static func warn(_ message: String) {
        OutputStream.standardOutput.flush()
        err.line("newsidx: " + TerminalText.sanitized(message))
        err.flush()
    }

    /// Ignore SIGPIPE so that writing to a closed pipe gives EPIPE, handled above.
    static func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }
}
