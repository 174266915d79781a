package dev.parley.server.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** What the doctor found about one server: every check in order, and whether a call could work. */
public record Report(String target, List<Check> checks) {
    public Report {
        checks = List.copyOf(checks);
    }

    /** No check failed: signaling works and the media has a way through. */
    public boolean callsCanWork() {
        return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
    }

    public String verdict() {
        var failed = checks.stream().filter(c -> c.status() == Check.Status.FAIL).map(Check::title).toList();
        if (failed.isEmpty()) {
            boolean warned = checks.stream().anyMatch(c -> c.status() == Check.Status.WARN);
            return warned ? "calls will work; see the warnings above" : "calls will work";
        }
        return "calls will fail for some or all users: " + String.join(", ", failed) + " failed";
    }

    /** For a terminal: a line per check, its fix beneath, the verdict last. */
    public String text() {
        var out = new StringBuilder("Parley doctor: " + target + "\n");
        for (Check c : checks) {
            String mark = switch (c.status()) {
                case PASS -> "[ok]  ";
                case WARN -> "[warn]";
                case FAIL -> "[FAIL]";
                case SKIP -> "[skip]";
            };
            out.append(mark).append(' ').append(c.title()).append(": ").append(c.finding()).append('\n');
            if (c.fix() != null) out.append("       Fix: ").append(c.fix()).append('\n');
        }
        return out.append("Verdict: ").append(verdict()).append('\n').toString();
    }

    /** For scripts: {"target", "callsCanWork", "verdict", "checks": [{"id", "title", "status", "finding", "fix"}]}. */
    public String json() {
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode().put("target", target).put("callsCanWork", callsCanWork()).put("verdict", verdict());
        var array = root.putArray("checks");
        for (Check c : checks) {
            array.addObject().put("id", c.id()).put("title", c.title()).put("status", c.status().name().toLowerCase(Locale.ROOT))
                    .put("finding", c.finding()).put("fix", c.fix());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
