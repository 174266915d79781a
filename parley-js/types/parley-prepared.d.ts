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
    /**
     * The offer of the link made ahead for `stream` to offer, if it still fits, to go with a join:
     * the link leaves this holder with it, and is the call's if the offer reached someone, else
     * comes back (putBack). @returns {{made: object, description: RTCSessionDescriptionInit}|null}
     */
    claimOffer(stream: any, welcome: any): {
        made: object;
        description: RTCSessionDescriptionInit;
    } | null;
    /** A claimed offer that reached nobody (the join refused, or nobody there): kept again, unless another was made meanwhile. */
    putBack({ made, description }: {
        made: any;
        description: any;
    }): void;
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
