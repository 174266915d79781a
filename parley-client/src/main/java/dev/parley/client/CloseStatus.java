package dev.parley.client;

/** How the connection ended: the WebSocket close code (1006 when it just dropped) and reason. */
public record CloseStatus(int code, String reason) {
    /** No close frame: the connection failed or dropped. */
    public static final int ABNORMAL = 1006;
}
