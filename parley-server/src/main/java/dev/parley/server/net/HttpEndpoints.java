package dev.parley.server.net;

import dev.parley.core.Access;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operational endpoints' sources: the Prometheus text for {@code /metrics}, and whether the
 * server takes new work for {@code /readyz} (false once it is stopping, so a load balancer moves on),
 * and who may fetch TURN credentials from {@code /api/ice} (anyone when access is open, else the
 * holder of a valid token as {@code Authorization: Bearer}).
 */
public record HttpEndpoints(Supplier<String> metrics, BooleanSupplier ready, Access access) {}
