export class PreparedLink {
    /** @type {{stream: MediaStream, link: PeerLink, welcome: object, tracks: MediaStreamTrack[], polite: boolean}|null} */
    _made: {
        stream: MediaStream;
        link: PeerLink;
        welcome: object;
        tracks: MediaStreamTrack[];
        polite: boolean;
    } | null;
    /** The link made ahead, until a call takes it. @returns {PeerLink|null} */
    get link(): PeerLink | null;
    /**
     * Makes one for `stream` with the connection's ICE servers, one at a time: to offer (its offer
     * started now), or `polite`, to answer (it waits for the other side's offer).
     * @param {MediaStream} stream @param {{iceServers: RTCIceServer[], relayOnly: boolean, welcome: object}} parley
     * @param {boolean} polite
     */
    make(stream: MediaStream, { iceServers, relayOnly, welcome }: {
        iceServers: RTCIceServer[];
        relayOnly: boolean;
        welcome: object;
    }, polite: boolean): void;
    cancel(): void;
    /** A call with `stream` ended: one made for it that it never took goes too. */
    forget(stream: any): void;
    /**
     * The link for a call with `stream` in this role (`polite`: it answers), now the call's; else
     * null. Only while it still fits; one that no longer fits is closed.
     */
    take(stream: any, welcome: any, polite: any): PeerLink;
}
import { PeerLink } from './parley-link.js';
