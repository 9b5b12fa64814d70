// Cross-process exclusion with flock(2), so parallel workers (`--jobs`) append to one CSV and
// take runs from one queue without losing a row. The lock dies with its process, so a worker
// killed by Ctrl-C never leaves a file locked.

import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

public enum FileLock {
    /// Runs `body` holding an exclusive lock on `path` (created if missing).
    public static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let fd = try openLockFile(path)
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw BenchError.invalid("\(path): cannot lock (\(String(cString: strerror(errno))))")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// A counter shared by processes: returns 0, 1, 2, … across all callers on `path`.
    public static func next(_ path: String) throws -> Int {
        try withLock(path + ".lock") {
            let n = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0) } ?? 0
            try "\(n + 1)".write(toFile: path, atomically: true, encoding: .utf8)
            return n
        }
    }

    /// Takes an exclusive lock on `path` for the rest of the process; false if another process
    /// holds it. A suite's writer holds one on its CSV, so two `run`s on one results folder
    /// cannot both run (and append) every run; the lock dies with the process.
    /// Taking it again in the same process (tune's extension rounds run the suite again) succeeds.
    public static func holdForProcess(_ path: String) throws -> Bool {
        try held.withLock { paths in
            let key = URL(fileURLWithPath: path).standardizedFileURL.path
            if paths.contains(key) { return true }
            let fd = try openLockFile(path)
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return false
            }
            paths.insert(key)  // fd stays open: the lock is held until exit
            return true
        }
    }
    /// The lock files this process holds.
    static let held = Mutex<Set<String>>([])

    /// The lock file's descriptor, its folder and the file created if missing.
    static func openLockFile(_ path: String) throws -> Int32 {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(),
            withIntermediateDirectories: true)
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else {
            throw BenchError.invalid("\(path): cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        return fd
    }
}
