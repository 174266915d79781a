package dev.parley.e2e;

import dev.parley.e2e.CallSetupBenchmark.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** bench/call-setup's report: one run's table and phases, and every run of an invocation summed up. */
final class CallSetupReport {
    private CallSetupReport() {}

    static void report(List<Sample> parley, List<Sample> anchor, ThreadPriorities priorities) throws IOException {
        var out = new StringBuilder();
        out.append("call setup, ").append(parley.size()).append(" calls each after ").append(CallSetupBenchmark.WARM_UP)
                .append(" warm-up, Chromium ").append(chromiumVersion()).append(", loopback\n");
        out.append("host: ").append(host()).append("; ").append(priorities.describe()).append("\n\n");
        out.append("| measure | path | min ms | median ms | max ms |\n|---|---|---|---|---|\n");
        row(out, "action → ICE connected", "Parley (web app, WebSocket, relay)", values(parley, Sample::ice));
        row(out, "action → ICE connected", "anchor: two RTCPeerConnections in one page", values(anchor, Sample::ice));
        row(out, "action → first remote frame", "Parley (web app, WebSocket, relay)", values(parley, Sample::frame));
        row(out, "action → first remote frame", "anchor: two RTCPeerConnections in one page", values(anchor, Sample::frame));
        row(out, "action → the page's script hears of it", "Parley (web app, WebSocket, relay)", values(parley, Sample::frameHeard));
        row(out, "action → the page's script hears of it", "anchor: two RTCPeerConnections in one page", values(anchor, Sample::frameHeard));
        double camera = median(parley, Sample::camera);
        double connection = median(parley, Sample::connection);
        out.append(String.format("%nwhere Parley's time goes (medians from the action): camera %s, join sent %.0f ms,"
                        + " joined %.0f ms, peer connection %s;%n",
                Double.isNaN(camera) ? "opened before the click" : String.format("granted %.0f ms", camera),
                median(parley, Sample::joinSent),
                median(parley, Sample::joined),
                Double.isNaN(connection) ? "made before the click" : String.format("made %.0f ms", connection)));
        // An offer made ahead (the SDK's prepareCall) is set before the click and leaves once joined.
        double offer = median(parley, Sample::offerSent);
        out.append(String.format("offer %s, answer back %.0f ms (the other browser answers; from the join: %.0f ms),"
                        + " answer → ICE connected %.0f ms%n",
                offer < 0 ? String.format("made %.0f ms before the click", -offer) : String.format("sent %.0f ms", offer),
                median(parley, Sample::answerReceived),
                median(parley, s -> s.answerReceived() - s.joinSent()),
                median(parley, s -> s.ice() - s.answerReceived())));
        out.append(String.format("the offer left the socket %.0f ms, the answer reached it %.0f ms;%n",
                median(parley, Sample::offerLeft),
                median(parley, Sample::answerArrived)));
        // A connection made before the click (the app's, while it waits) has no mark: counted as made ahead.
        long madeAfter = parley.stream().filter(p -> !Double.isNaN(p.answering().connection())).count();
        out.append(String.format("the answering side (medians from the click): peer-joined %.0f ms, peer connection %s,"
                        + " offer in %.0f ms, offer set %.0f ms, answer set %.0f ms, answer sent %.0f ms%n",
                median(parley, p -> p.answering().peerJoined()),
                madeAfter == 0 ? "made ahead" : String.format("made after the click in %d of %d calls, %.0f ms", madeAfter, parley.size(),
                        median(parley.stream().map(p -> p.answering().connection()).filter(t -> !Double.isNaN(t)).toList())),
                median(parley, p -> p.answering().offerReceived()),
                median(parley, p -> p.answering().remoteDescribed()),
                median(parley, p -> p.answering().described()),
                median(parley, p -> p.answering().answerSent())));
        // Chromium's own work, on threads the page's script does not run on: where a busy renderer shows.
        out.append(String.format("the newcomer's setRemoteDescription(answer) took %.0f ms (the anchor's offering side: %.0f ms)%n",
                median(parley, Sample::answerTook), median(anchor, Sample::answerTook)));
        // The anchor's answer is in hand when its exchange ends (answerReceived): what follows is setting it, ICE and media alone.
        out.append(String.format("the anchor: answer in hand %.0f ms, answer → ICE connected %.0f ms, ICE → first frame %.0f ms (Parley: %.0f ms)%n",
                median(anchor, Sample::answerReceived),
                median(anchor, s -> s.ice() - s.answerReceived()),
                median(anchor, s -> s.frame() - s.ice()),
                median(parley, s -> s.frame() - s.ice())));
        out.append(String.format("%nratio of medians, Parley / anchor: ICE connected %.2f, first frame %.2f (heard by the script %.2f)%n",
                median(parley, Sample::ice) / median(anchor, Sample::ice),
                median(parley, Sample::frame) / median(anchor, Sample::frame),
                median(parley, Sample::frameHeard) / median(anchor, Sample::frameHeard)));
        Path dir = outDir();
        Files.createDirectories(dir);
        out.append(pooled(dir.resolve("call-setup-samples.csv"), parley, anchor));
        System.out.println(out);
        Files.writeString(dir.resolve("call-setup.md"), out);
    }

    /**
     * Adds this run's calls to the samples of the runs before it in the same bench/call-setup/run
     * (its {@code parley.bench.run}; run 1 starts the file anew), and sums them all up: one run's
     * median moves with the host from run to run by as much as a change gains, so several runs are
     * reported as one.
     */
    private static String pooled(Path csv, List<Sample> parley, List<Sample> anchor) throws IOException {
        int run = Integer.getInteger("parley.bench.run", 1);
        if (run == 1) Files.writeString(csv, "run,path,ice_ms,frame_ms\n");
        else if (!Files.exists(csv)) throw new IllegalStateException("run " + run + " without the runs before it in " + csv);
        var rows = new StringBuilder();
        parley.forEach(s -> rows.append(String.format(Locale.ROOT, "%d,parley,%.1f,%.1f%n", run, s.ice(), s.frame())));
        anchor.forEach(s -> rows.append(String.format(Locale.ROOT, "%d,anchor,%.1f,%.1f%n", run, s.ice(), s.frame())));
        Files.writeString(csv, rows, StandardOpenOption.APPEND);
        if (run == 1) return "";
        List<String[]> all = Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",")).toList();
        var out = new StringBuilder(String.format("%nall %d runs in %s pooled (%d calls each):%n", run, csv.getFileName(),
                all.stream().filter(r -> r[1].equals("parley")).count()));
        for (int column : new int[] {2, 3}) {
            var ratios = new ArrayList<String>();
            for (int r = 1; r <= run; r++) ratios.add(String.format(Locale.ROOT, "%.2f", ratio(all, String.valueOf(r), column)));
            out.append(String.format("%s: Parley %.0f ms, anchor %.0f ms, ratio of medians %.2f (each run: %s)%n",
                    column == 2 ? "action → ICE connected" : "action → first remote frame",
                    median(values(all, null, "parley", column)), median(values(all, null, "anchor", column)),
                    ratio(all, null, column), String.join(", ", ratios)));
        }
        return out.toString();
    }

    private static double ratio(List<String[]> rows, String run, int column) {
        return median(values(rows, run, "parley", column)) / median(values(rows, run, "anchor", column));
    }

    private static List<Double> values(List<String[]> rows, String run, String path, int column) {
        return rows.stream().filter(r -> (run == null || r[0].equals(run)) && r[1].equals(path))
                .map(r -> Double.parseDouble(r[column])).toList();
    }

    /** Where the report, the samples and a trace go. */
    static Path outDir() {
        return Path.of(System.getProperty("parley.bench.out", "target/bench"));
    }

    private static List<Double> values(List<Sample> samples, ToDoubleFunction<Sample> measure) {
        return samples.stream().map(measure::applyAsDouble).toList();
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> measure) {
        return median(values(samples, measure));
    }

    private static void row(StringBuilder out, String measure, String path, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        out.append(String.format("| %s | %s | %.0f | %.0f | %.0f |%n", measure, path, sorted.getFirst(), median(sorted), sorted.getLast()));
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The processor, as /proc/cpuinfo names it, and the cores this JVM may use: the anchor's own times tell the host's speed. */
    private static String host() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            String model = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst("^[^:]*:\\s*", "")).orElse("?");
            return model + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "? (no /proc/cpuinfo)";
        }
    }

    private static String chromiumVersion() {
        try {
            Process p = new ProcessBuilder(System.getProperty("parley.chromium", "/usr/bin/chromium"), "--version").start();
            return new String(p.getInputStream().readAllBytes()).trim().replaceAll("^Chromium ([0-9.]+).*", "$1");
        } catch (IOException e) {
            return "?";
        }
    }
}
