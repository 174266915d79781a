export class Participant {
    /** @param {{id?: string, name?: string}} who as the server names them */
    constructor({ id, name }: {
        id?: string;
        name?: string;
    });
    /** Their session id in a room; undefined in a direct call, where the server names people only. */
    id: string;
    /** @type {string|undefined} */
    name: string | undefined;
    /** Their camera and microphone, once tracks arrive. @type {MediaStream|null} */
    stream: MediaStream | null;
    /** The screen they share beside their camera, while they do. @type {MediaStream|null} */
    screen: MediaStream | null;
    /** What they say their devices are doing, once they did. @type {{mic: boolean, cam: boolean, screen: boolean, screenStream: string|null}|null} */
    state: {
        mic: boolean;
        cam: boolean;
        screen: boolean;
        screenStream: string | null;
    } | null;
    /** Whether their connection to the server is down for now (the media may flow on meanwhile). */
    away: boolean;
    /** The peer connection with them, once there is one. @type {PeerLink|null} */
    link: PeerLink | null;
    /** Its live statistics. @type {CallQuality|null} */
    quality: CallQuality | null;
    /**
     * Opens the peer connection with them and reports what comes over it as `call`'s events, each
     * with this participant as `peer` ('chat-delivered' is the call's to report: a group waits for everyone).
     * It takes the link made ahead for its stream and its role (Parley.prepareCall), if one fits,
     * or `offered`, one made ahead whose offer already went to them.
     * @param {EventTarget & {parley: import('./parley.js').Parley, stream: MediaStream}} call
     * @param {{polite: boolean, send: (data: object) => void, offered?: PeerLink|null}} options
     * @returns {PeerLink}
     */
    _linkUp(call: EventTarget & {
        parley: import("./parley.js").Parley;
        stream: MediaStream;
    }, { polite, send, offered }: {
        polite: boolean;
        send: (data: object) => void;
        offered?: PeerLink | null;
    }): PeerLink;
    /** Their connection to the server dropped, or came back: `call`'s peer-away or peer-back. */
    _setAway(call: any, away: any): void;
    /** There again after a server restart, which sends no peer-back for the time before it. */
    _backAfterRestart(call: any): void;
    /** Closes the peer connection; a screen of theirs still shown is reported gone. */
    _unlink(call: any): void;
}
import { PeerLink } from './parley-link.js';
import { CallQuality } from './parley-quality.js';
