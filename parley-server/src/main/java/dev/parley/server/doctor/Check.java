package dev.parley.server.doctor;

/**
 * One thing the doctor looked at: what it found, in a plain sentence, and for anything wrong the
 * fix. {@code id} is stable, for scripts reading the JSON report.
 */
public record Check(String id, String title, Status status, String finding, String fix) {
    public enum Status {
        /** Works. */
        PASS,
        /** Works, with something an operator should know (a self-signed certificate, a certificate about to expire). */
        WARN,
        /** Broken: some calls, or all, will fail. */
        FAIL,
        /** Not looked at, because something it needs failed first or is not configured. */
        SKIP
    }

    static Check pass(String id, String title, String finding) {
        return new Check(id, title, Status.PASS, finding, null);
    }

    static Check warn(String id, String title, String finding, String fix) {
        return new Check(id, title, Status.WARN, finding, fix);
    }

    static Check fail(String id, String title, String finding, String fix) {
        return new Check(id, title, Status.FAIL, finding, fix);
    }

    static Check skip(String id, String title, String why) {
        return new Check(id, title, Status.SKIP, why, null);
    }
}
