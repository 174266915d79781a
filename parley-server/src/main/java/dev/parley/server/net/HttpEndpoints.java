package dev.parley.server.net;

import dev.parley.core.Access;
import java.util.function.Supplier;

/**
 * The operational endpoints' sources: the Prometheus text for {@code /metrics}, and why the
 * server takes no new work for {@code /readyz}, or null when it does (it is stopping, or a cluster
 * node cannot reach Redis: so a load balancer moves on), and who may fetch TURN credentials from
 * {@code /api/ice} (anyone when access is open, else the holder of a valid token as
 * {@code Authorization: Bearer}), and the operator's own pages ({@code --web-root}), or null.
 */
public record HttpEndpoints(Supplier<String> metrics, Supplier<String> notReady, Access access, WebRoot webRoot) {
    public HttpEndpoints(Supplier<String> metrics, Supplier<String> notReady, Access access) {
        this(metrics, notReady, access, null);
    }
}
