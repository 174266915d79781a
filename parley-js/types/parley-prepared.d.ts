export class PreparedLink {
    /** @type {{stream: MediaStream, link: PeerLink, welcome: object, tracks: MediaStreamTrack[]}|null} */
    _made: {
        stream: MediaStream;
        link: PeerLink;
        welcome: object;
        tracks: MediaStreamTrack[];
    } | null;
    /** The link made ahead, until a call takes it. @returns {PeerLink|null} */
    get link(): PeerLink | null;
    /**
     * Makes one for `stream` with the connection's ICE servers and starts its offer; one at a time.
     * @param {MediaStream} stream @param {{iceServers: RTCIceServer[], relayOnly: boolean, welcome: object}} parley
     */
    make(stream: MediaStream, { iceServers, relayOnly, welcome }: {
        iceServers: RTCIceServer[];
        relayOnly: boolean;
        welcome: object;
    }): void;
    cancel(): void;
    /** A call with `stream` ended: one made for it that it never took goes too. */
    forget(stream: any): void;
    /**
     * The link for a call that offers first with `stream`, now the call's; else null. Only while it
     * still fits: the same tracks, all live (no device switched since), and the ICE servers of this
     * welcome (TURN credentials expire); one that no longer fits is closed.
     */
    take(stream: any, welcome: any): PeerLink;
}
import { PeerLink } from './parley-link.js';
