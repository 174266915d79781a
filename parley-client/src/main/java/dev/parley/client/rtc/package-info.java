/**
 * What Parley's call layer needs of a WebRTC implementation, and nothing more: a peer connection
 * ({@link dev.parley.client.rtc.RtcPeer}), its events ({@link dev.parley.client.rtc.RtcPeerObserver}),
 * data channels ({@link dev.parley.client.rtc.RtcDataChannel}) and a factory that makes peers with
 * the application's local media. {@code parley-client-webrtc} implements it with webrtc-java on
 * desktops and servers, {@code parley-android} with Android's {@code org.webrtc}; the call layer's
 * tests implement it in memory. The shapes follow the W3C API the JS SDK drives, so the two SDKs
 * read alike.
 */
package dev.parley.client.rtc;
