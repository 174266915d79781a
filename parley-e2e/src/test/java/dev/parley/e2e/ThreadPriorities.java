package dev.parley.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How many of the browser's threads run above normal priority, read from /proc. Chromium raises its
 * display threads (compositors, the video encoders' pool, the IO threads) to nice -8 when it may
 * (as root, with CAP_SYS_NICE), leaving the pages' main threads and WebRTC's signalling thread at 0;
 * a desktop user's Chromium on Linux may not, so all its threads are equal. On two shared cores that
 * decides who waits, so a benchmark's report says which it measured.
 */
record ThreadPriorities(int raised, int threads) {
    /** Every thread of this JVM's descendant processes (the browsers it started, and their helpers). */
    static ThreadPriorities ofDescendants() {
        int raised = 0;
        int threads = 0;
        for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    Integer nice = nice(task.resolve("stat"));
                    if (nice == null) continue;
                    threads++;
                    if (nice < 0) raised++;
                }
            } catch (IOException gone) {
                // The process ended while being read: it has no threads to count.
            }
        }
        return new ThreadPriorities(raised, threads);
    }

    /** Field 19 of proc(5)'s stat; read after the command name's closing parenthesis, which may itself hold spaces. */
    private static Integer nice(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (IOException | RuntimeException unreadable) {
            return null; // a thread that ended while being read
        }
    }

    String describe() {
        return raised == 0
                ? String.format("all %d threads of the browser (and its driver) at normal priority, as a desktop user's Chromium on Linux has them", threads)
                : String.format("%d of the %d threads of the browser (and its driver) raised above normal priority, as Chromium run as root does",
                        raised, threads);
    }
}
