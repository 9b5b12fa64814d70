// Worker processes for `run --jobs N`: N copies of the command, each taking runs from a shared
// queue file. The pool owns their lifetime: Ctrl-C, SIGTERM or SIGHUP to the parent stops every
// worker and removes the queue, and a worker whose parent is gone (even SIGKILLed) stops itself,
// so no orphan keeps training and appending rows. A row is appended atomically, so a stopped
// worker loses at most the run it was in. A SIGKILLed parent's queue folder is removed by the
// next pool that starts (its lock died with the parent).

import Foundation
#if canImport(Glibc)
    import Glibc
#endif

public enum WorkerPool {
    /// Starts `count` workers (`arguments(k)` for k = 1…count), waits for all, and returns how
    /// many exited with an error. `scratch` (the queue's folder) is removed however it ends.
    public static func run(executable: URL, count: Int, scratch: URL, arguments: (Int) -> [String]) throws -> Int {
        let workers = try (1...count).map { k -> Process in
            let p = Process()
            p.executableURL = executable
            p.arguments = arguments(k)
            try p.run()
            return p
        }
        let sources = [SIGINT, SIGTERM, SIGHUP].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)  // handled below, not by the default action
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                for w in workers where w.isRunning { kill(w.processIdentifier, SIGTERM) }
                for w in workers { w.waitUntilExit() }
                try? FileManager.default.removeItem(at: scratch)
                FileHandle.standardError.write(
                    Data(
                        "peftbench: stopped \(workers.count) workers (signal \(sig)); rows already written are kept\n"
                            .utf8))
                exit(128 + sig)
            }
            source.resume()
            return source
        }
        defer {
            for s in sources { s.cancel() }
            for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, SIG_DFL) }
            try? FileManager.default.removeItem(at: scratch)
        }
        for w in workers { w.waitUntilExit() }
        return workers.filter { $0.terminationStatus != 0 }.count
    }

    /// This process's executable, for starting workers: argv[0] is a bare name when the command
    /// was found through PATH, so Linux's /proc/self/exe (else Foundation's idea) is used.
    public static var executable: URL {
        let linux = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if linux.path != "/proc/self/exe" { return linux }
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]).absoluteURL
    }

    /// A worker's command line: the parent's `arguments` without the options in `names` (as
    /// "--name value" or "--name=value"), then `extra`.
    public static func arguments(_ arguments: [String], dropping names: [String], adding extra: [String]) -> [String] {
        var out: [String] = [], skip = false
        for a in arguments {
            if skip {
                skip = false
                continue
            }
            if names.contains(a) {
                skip = true
                continue
            }
            if names.contains(where: { a.hasPrefix($0 + "=") }) { continue }
            out.append(a)
        }
        return out + extra
    }

    /// A fresh queue folder in the temporary folder, `peftbench-queue-<pid>-<random>`, marked as
    /// in use by an exclusive lock on its `alive` file that this process holds until it exits.
    /// A parent killed with SIGKILL cannot remove its folder, so folders whose `alive` lock
    /// nobody holds are removed first. A lock, not a pid, says "in use": pids are reused (a
    /// restarted container) and mean nothing across PID namespaces or hosts sharing the folder.
    public static func makeScratch(in temporary: URL = FileManager.default.temporaryDirectory) throws -> URL {
        let prefix = "peftbench-queue-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix(prefix) {
            let folder = temporary.appendingPathComponent(name)
            let fd = open(folder.appendingPathComponent("alive").path, O_RDWR)
            guard fd >= 0 else { continue }  // not ours, or still being set up
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { try? FileManager.default.removeItem(at: folder) }
            close(fd)
        }
        var template = Array(temporary.appendingPathComponent("\(prefix)\(getpid())-XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchError.invalid(
                "\(temporary.path): cannot create the queue folder (\(String(cString: strerror(errno))))")
        }
        let dir = URL(fileURLWithPath: String(cString: made))
        guard try FileLock.holdForProcess(dir.appendingPathComponent("alive").path) else {
            throw BenchError.invalid("\(dir.path): the new queue folder is locked by another process")
        }
        return dir
    }

    /// In a worker: exits as soon as the process that started it is gone (reparented), checked
    /// every half second on a background thread.
    public static func exitWithParent() {
        let parent = getppid()
        Thread.detachNewThread {
            while true {
                usleep(500_000)
                if getppid() != parent { exit(143) }
            }
        }
    }
}
