package dev.parley.client.rtc;

import dev.parley.protocol.IceServer;
import java.util.List;

/** Makes peer connections for calls; the platform's adapter implements it. */
public interface RtcPeerFactory {
    /**
     * A new peer connection sending {@code media} (may be {@link LocalMedia#NONE}), reporting to
     * {@code observer}.
     */
    RtcPeer create(Configuration configuration, LocalMedia media, RtcPeerObserver observer);

    /**
     * @param relayOnly media only through TURN (the W3C's {@code iceTransportPolicy: 'relay'}), so
     *     the other side never learns this device's addresses
     */
    record Configuration(List<IceServer> iceServers, boolean relayOnly) {
        public Configuration {
            iceServers = List.copyOf(iceServers);
        }
    }
}
