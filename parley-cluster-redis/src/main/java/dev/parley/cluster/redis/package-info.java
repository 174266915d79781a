/**
 * Parley's cluster on Redis (Lettuce): shared state and cross-node delivery for nodes started with
 * {@code --redis}. Depends on the protocol and SLF4J only, never on the server, so the server chooses
 * it at start-up and a single node runs without it.
 */
package dev.parley.cluster.redis;
