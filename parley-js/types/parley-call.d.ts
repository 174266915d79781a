/**
 * A call with one other person. States (the 'state' event, detail {state, reason}):
 * 'waiting' (alone in a room), 'ringing' (direct call not answered yet), 'connecting',
 * 'connected', 'reconnecting' (media path interrupted), 'ended' (reason: 'hung-up', 'peer-hung-up',
 * 'peer-disconnected', 'rejected', 'no-answer', 'signaling-lost'). In a room, a peer leaving sends the
 * call back to 'waiting' with reason 'peer-left'. Other events: 'remote' (detail: MediaStream);
 * 'remote-screen' (detail: the screen the other side shares beside its camera, or null when it stops);
 * 'peer-away' and 'peer-back' (the other side's connection to the server dropped and came back:
 * the media between you may well flow on meanwhile); 'remote-state' (detail {mic, cam, screen}:
 * what the other side says its devices are doing); 'chat' (detail {id, text, at}),
 * 'chat-delivered' (detail {id}); 'file' (detail: an incoming FileTransfer); 'quality' (detail: a
 * QualitySample every second while connected to someone); and LocalSide's 'local-track' and
 * 'local-screen'. Devices, screen sharing and send settings are LocalSide's.
 *
 * The call outlives this side's own signaling drops: while the SDK reconnects, the media goes on,
 * and once the session is resumed (or the room rejoined after a server restart, where the peer
 * keeps its id) negotiation continues where it was.
 */
export class MediaCall extends LocalSide {
    /** @param {import('./parley.js').Parley} parley */
    static inRoom(parley: import("./parley.js").Parley, joined: any, stream: any): MediaCall;
    static direct(parley: any, callId: any, peerName: any, stream: any, { caller }: {
        caller: any;
    }): MediaCall;
    constructor(parley: any, stream: any, { room, call }: {
        room: any;
        call: any;
    });
    parley: any;
    room: any;
    call: any;
    peer: any;
    state: string;
    /** Whether this side placed the direct call (it is the one to take it up after a server restart). */
    caller: boolean;
    _resuming: boolean;
    _ringingAgain: boolean;
    /** What the other side said about its devices, once it did. */
    remoteState: any;
    /** Live statistics of the current peer connection. @type {CallQuality|null} */
    quality: CallQuality | null;
    /** @type {PeerLink|null} */
    link: PeerLink | null;
    _early: any[];
    _off: any[];
    /** Rings the other side again under the lost call's name, until it is back online (bounded). */
    _resumeCall(): Promise<void>;
    /** The RTCPeerConnection while connected to someone (for getStats), else null. */
    get pc(): RTCPeerConnection;
    /** Sends a chat message over the call's data channel. @returns {string} its id, for 'chat-delivered' */
    chat(text: any): string;
    /** Sends a file to the other side. @param {File|Blob} file @returns {import('./parley-data.js').FileTransfer} */
    sendFile(file: File | Blob, name: any): import("./parley-data.js").FileTransfer;
    /** Ends the call for both sides: leaves the room, or hangs up the direct call. */
    hangup(): Promise<void>;
    _connect(peer: any, polite: any): void;
    _signal(m: any): void;
    _drop(): void;
    _end(reason: any, detail: any): void;
    _setState(state: any, reason: any, detail: any): void;
}
/**
 * Someone is calling. Answer with accept(stream) or reject(reason); a 'cancelled' event (detail:
 * 'hung-up', 'no-answer' or 'signaling-lost') says the caller gave up, the call timed out, or the
 * connection to the server was lost for good or the server restarted, first.
 */
export class IncomingCall extends EventTarget {
    constructor(parley: any, call: any, from: any);
    parley: any;
    call: any;
    from: any;
    answered: boolean;
    _stop: () => void;
    /** @param {MediaStream} stream @returns {Promise<MediaCall>} */
    accept(stream: MediaStream): Promise<MediaCall>;
    reject(reason: any): Promise<void>;
}
import { LocalSide } from './parley-local.js';
import { CallQuality } from './parley-quality.js';
import { PeerLink } from './parley-link.js';
