/**
 * Parley's RTC port ({@link dev.parley.client.rtc}) on webrtc-java, for desktops, servers and bots:
 * {@link dev.parley.client.webrtc.WebRtc} makes peers and local media (pushed frames and samples, a
 * synthetic test source, camera, screen, microphone); remote tracks give frames and samples, and can
 * forward them into a local input (an echo). See docs/java-media.md.
 */
package dev.parley.client.webrtc;
