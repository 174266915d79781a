export class PreparedLink {
    /** @type {{stream: MediaStream, link: PeerLink, welcome: object, tracks: MediaStreamTrack[], polite: boolean}|null} */
    _made: {
        stream: MediaStream;
        link: PeerLink;
        welcome: object;
        tracks: MediaStreamTrack[];
        polite: boolean;
    } | null;
    /** One whose offer is out with a join, until the join's outcome. @type {{made: object, description: RTCSessionDescriptionInit, cancelled: boolean}|null} */
    _claimed: {
        made: object;
        description: RTCSessionDescriptionInit;
        cancelled: boolean;
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
     * Joins `room` through `parley`, with the offer of the link made ahead for `stream` where one
     * fits and the server relays it (welcome feature 'join-signal'): a round trip sooner than after
     * 'joined'. `offered`: that link, now the call's, if its offer reached someone.
     * @param {import('./parley.js').Parley} parley @param {string} room @param {MediaStream} stream
     * @returns {Promise<{joined: {room: string, peers: object[]}, offered: PeerLink|null}>}
     */
    joinWithOffer(parley: import("./parley.js").Parley, room: string, stream: MediaStream): Promise<{
        joined: {
            room: string;
            peers: object[];
        };
        offered: PeerLink | null;
    }>;
    /**
     * The offer of the link made ahead for `stream` to offer, if it still fits, to go with a join:
     * the link is the call's if the offer reached someone (_settle), else comes back (_putBack).
     * Cancelling meanwhile closes it. @returns {{made: object, description: RTCSessionDescriptionInit, cancelled: boolean}|null}
     */
    _claimOffer(stream: any, welcome: any): {
        made: object;
        description: RTCSessionDescriptionInit;
        cancelled: boolean;
    } | null;
    /** The claimed offer reached someone: its link is the call's now (null if cancelled meanwhile). */
    _settle(claim: any): any;
    /**
     * A claimed offer that reached nobody (a refused join, an empty room): kept again if `reusable`,
     * still fitting and nothing else made meanwhile; else closed. One that may have reached
     * someone (no answer to the join, the connection lost) is not reusable: never offered twice.
     */
    _putBack(claim: any, welcome: any, { reusable }: {
        reusable: any;
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
