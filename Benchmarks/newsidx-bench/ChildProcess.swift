// Running a child process (posix_spawn), timing it to its first output byte and to its exit, with
// the peak RSS that wait4 reports for it.
import Glibc
import NewsIndex

struct ChildRun {
    var status: Int32
    var output: [UInt8]
    /// From spawn to the first byte on stdout (the whole run when it wrote nothing).
    var secondsToFirstOutput: Double
    var seconds: Double
    /// Peak resident set of the child (wait4's ru_maxrss, KB → bytes). At least the parent's own peak
    /// RSS: exec records the high-water mark of the address space it replaces.
    var peakRSSBytes: Int
}

enum ChildProcess {
    /// Runs `path` with `arguments` (argv[0] is `path`), stdout captured, stderr inherited.
    static func run(_ path: String, _ arguments: [String]) throws -> ChildRun {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw NewsIndexError(.io, "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = ProcessEnvironment.monotonicNanoseconds()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw NewsIndexError(.io, "cannot start \(path): error \(spawned)")
        }
        var output: [UInt8] = []
        var firstOutput: UInt64?
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            if firstOutput == nil { firstOutput = ProcessEnvironment.monotonicNanoseconds() }
            output.append(contentsOf: chunk[0..<count])
        }
        close(fds[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let end = ProcessEnvironment.monotonicNanoseconds()
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildRun(status: exitStatus, output: output,
                        secondsToFirstOutput: Double((firstOutput ?? end) - start) / 1e9,
                        seconds: Double(end - start) / 1e9, peakRSSBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// This executable's path.
    static var selfPath: String { SystemCalls.resolvedPath("/proc/self/exe") ?? CommandLine.arguments[0] }

    /// The `newsidx` binary beside this executable.
    static var newsidxBesideSelf: String {
        let own = selfPath
        let folder = own.lastIndex(of: "/").map { String(own[..<$0]) } ?? "."
        return folder + "/newsidx"
    }
}
