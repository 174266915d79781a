import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What else ran on the machine: CPU ticks of every process but the measured ones (user + system, all
 * threads), keyed by pid and start time so a reused pid is a new process, and the CPU pressure stall
 * total (/proc/pressure/cpu "some": µs during which a runnable task waited for a CPU). A process that
 * both starts and ends between two snapshots is missed; one that ends takes its ticks along.
 */
record OtherLoad(Map<String, long[]> processes, long pressureMicros) {
    private static final int TICKS = 0, KERNEL = 1;

    static OtherLoad take(Set<Long> excluded) throws IOException {
        Map<String, long[]> processes = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            int n = 0;
            for (Path p : proc) {
                if (n++ > 100_000) break;
                long pid = Long.parseLong(p.getFileName().toString());
                if (excluded.contains(pid)) continue;
                String s;
                try {
                    s = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" +");
                long ppid = Long.parseLong(f[1]), ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                boolean kernel = pid == 2 || ppid == 2; // kthreadd and its children
                processes.put(pid + "@" + f[19], new long[] {ticks, kernel ? 1 : 0}); // field 22: start time
            }
        }
        return new OtherLoad(processes, pressure());
    }

    private static long pressure() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
                int at = line.indexOf("total=");
                if (line.startsWith("some ") && at >= 0) return Long.parseLong(line.substring(at + 6).trim());
            }
        } catch (IOException | RuntimeException absent) {
            // no PSI in this kernel
        }
        return -1;
    }

    /** Ticks used since {@code start} by user processes [0] and kernel threads [1]; a new process counts whole. */
    long[] ticksSince(OtherLoad start) {
        long[] d = new long[2];
        for (var e : processes.entrySet()) {
            long[] before = start.processes.get(e.getKey());
            d[(int) e.getValue()[KERNEL]] += e.getValue()[TICKS] - (before == null ? 0 : before[TICKS]);
        }
        return d;
    }

    /** The share of the time between the snapshots during which some runnable task waited for a CPU, or -1. */
    double pressureSince(OtherLoad start, double seconds) {
        if (pressureMicros < 0 || start.pressureMicros < 0) return -1;
        return (pressureMicros - start.pressureMicros) / 1e6 / seconds;
    }
}
