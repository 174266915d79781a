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
     * @param {EventTarget} call @param {ConstructorParameters<typeof PeerLink>[0]} options
     * @param {PeerLink|null} [prepared] a link made ahead (Parley.prepareCall) to use instead of a new one
     * @returns {PeerLink}
     */
    _linkUp(call: EventTarget, options: ConstructorParameters<typeof PeerLink>[0], prepared?: PeerLink | null): PeerLink;
    /** Closes the peer connection; a screen of theirs still shown is reported gone. */
    _unlink(call: any): void;
}
import { PeerLink } from './parley-link.js';
import { CallQuality } from './parley-quality.js';
