/**
 * The WebSocket under the signaling client, as a port: {@link dev.parley.client.transport.JdkWebSockets}
 * on the JDK's {@code java.net.http}, and OkHttp's in {@code parley-android} (Android has no
 * {@code java.net.http}).
 */
package dev.parley.client.transport;
