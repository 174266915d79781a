/**
 * A call with one other person, in a room or direct. Its events are CallEvent's, with the other
 * person as `peer` (a Participant). States (CallEvent.STATE, detail {state, reason, detail}):
 * 'waiting' (alone in a room), 'ringing' (a direct call not answered yet), 'connecting',
 * 'connected', 'reconnecting' (media path interrupted), 'ended' (reason: 'hung-up',
 * 'peer-hung-up', 'peer-disconnected', 'rejected', 'no-answer', 'signaling-lost'). In a room, the
 * other person leaving sends the call back to 'waiting' with reason 'peer-left', and someone new
 * coming starts it again. Devices, screen sharing and send settings are LocalSide's.
 *
 * The call outlives this side's own signaling drops: while the SDK reconnects, the media goes on,
 * and once the session is resumed (or the room rejoined after a server restart, where the peer
 * keeps its id) negotiation continues where it was.
 */
export class MediaCall extends LocalSide {
    /** @param {import('./parley.js').Parley} parley */
    /** `offered`: the link whose offer went with the join, to the first of the peers. */
    static inRoom(parley: any, joined: any, stream: any, offered?: any): MediaCall;
    static direct(parley: any, callId: any, peerName: any, stream: any, { caller }: {
        caller: any;
    }): MediaCall;
    constructor(parley: any, stream: any, { room, call }: {
        room: any;
        call: any;
    });
    parley: any;
    room: any;
    /** The direct call's id (it changes when the call is taken up again after a server restart). */
    call: any;
    /** The other person: in a direct call from the start, in a room while someone is there. @type {Participant|null} */
    peer: Participant | null;
    state: string;
    /** Whether this side placed the direct call (it is the one to take it up after a server restart). */
    caller: boolean;
    _resuming: boolean;
    _ringingAgain: boolean;
    _early: any[];
    /** What the connection hands this call: its room's or its call's traffic, and the session's events. */
    _hear(type: any, d: any): void;
    /** A ring naming this call after a server restart: the same call going on, if from the same person. */
    _takeUp(ring: any): boolean;
    _rekey(id: any): void;
    /** Rings the other side again under the lost call's name, until it is back online (bounded). */
    _resumeCall(): Promise<void>;
    /** The peer connection with the other person, while there is one. @type {import('./parley-link.js').PeerLink|null} */
    get link(): import("./parley-link.js").PeerLink | null;
    /** The RTCPeerConnection while connected to someone (for getStats), else null. */
    get pc(): RTCPeerConnection;
    /** The other person's live statistics, while linked. */
    get quality(): import("./parley-quality.js").CallQuality;
    /** What the other person says their devices are doing, once they did (their Participant's state). */
    get remoteState(): {
        mic: boolean;
        cam: boolean;
        screen: boolean;
        screenStream: string | null;
    };
    /** Sends a chat message over the call's data channel. @returns {string} its id, for 'chat-delivered' */
    chat(text: any): string;
    /**
     * Sends a file to the other side.
     * @param {File|Blob} file @param {string} [name] @returns {import('./parley-data.js').FileTransfer} its `peer` the receiver
     */
    sendFile(file: File | Blob, name?: string): import("./parley-data.js").FileTransfer;
    /** Ends the call for both sides: leaves the room, or hangs up the direct call. */
    hangup(): Promise<void>;
    /**
     * Links up with `who` (a room member as the server names them, or the direct call's Participant),
     * over `offered` if its offer already went to them (with the join).
     */
    _connect(who: any, polite: any, offered?: any): void;
    _signal(data: any): void;
    /** The room's other member left: back to waiting for someone. */
    _left(): void;
    /** The room's other member is gone (left, or replaced by a newcomer): their link closed, and said. */
    _lose(): void;
    _drop(): void;
    _end(reason: any, detail: any): void;
    _setState(state: any, reason: any, detail: any): void;
    _emit(type: any, detail: any): void;
}
/**
 * Someone is calling. Answer with accept(stream) or reject(reason); a 'cancelled' event (detail
 * {reason}: 'hung-up', 'no-answer' or 'signaling-lost') says the caller gave up, nobody answered
 * in time, or the connection to the server was lost for good or the server restarted, first.
 */
export class IncomingCall extends EventTarget {
    constructor(parley: any, call: any, from: any);
    parley: any;
    /** The call's id. */
    call: any;
    /** The caller's name. */
    from: any;
    answered: boolean;
    /** A session that ended, or a server that restarted, takes unanswered calls with it. */
    _hear(type: any, d: any): void;
    _answered(): void;
    /** @param {MediaStream} stream @returns {Promise<MediaCall>} */
    accept(stream: MediaStream): Promise<MediaCall>;
    reject(reason: any): Promise<void>;
}
import { LocalSide } from './parley-local.js';
import { Participant } from './parley-participant.js';
