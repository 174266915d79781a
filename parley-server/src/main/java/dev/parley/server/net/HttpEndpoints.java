package dev.parley.server.net;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operational endpoints' sources: the Prometheus text for {@code /metrics}, and whether the
 * server takes new work for {@code /readyz} (false once it is stopping, so a load balancer moves on).
 */
public record HttpEndpoints(Supplier<String> metrics, BooleanSupplier ready) {}
