/**
 * @typedef {{id: string, name?: string}} Peer
 * @typedef {{urls: string[], username?: string, credential?: string}} IceServer
 * @typedef {{maxFrameBytes: number, roomCapacity: number, maxRoomsPerSession: number, callTimeoutSeconds: number, resumeGraceSeconds: number}} Limits
 * @typedef {{session: string, user: Peer, protocol: number, limits: Limits, iceServers: IceServer[], resumeToken?: string, resumed: boolean}} Welcome
 */
/** The WebSocket URL of the server that served this page. */
export function defaultUrl(): string;
export { Participant } from "./parley-participant.js";
export { PeerLink } from "./parley-link.js";
export { GroupCall } from "./parley-group.js";
export { Sha256 } from "./parley-sha256.js";
export { CallRecorder } from "./parley-record.js";
export { LocalSide } from "./parley-local.js";
/**
 * A connection to a Parley server. Requests return promises of the server's answer; what the
 * server sends on its own arrives as events (ParleyEvent: the names and each detail's fields).
 * The SDK's calls are handed what concerns them by the connection, once, and report it as their
 * own events (CallEvent); the connection's events are for the app's view of the session, and for
 * apps that make calls of their own.
 *
 * A lost connection is reconnected with back-off ('reconnecting' events, detail {attempt, delayMs,
 * code}); relayed payloads wait meanwhile. The new connection resumes the session ('resumed': rooms
 * and calls carried on, nothing missed) or, if the server no longer has it, rejoins the rooms it was
 * in ('rejoined' per room with {room, peers}, 'room-lost' with {room, error}, then 'restored').
 * 'close' says the connection is gone for good: close() was called, the server refused the
 * session, or the first connection failed.
 */
export class Parley extends EventTarget {
    /**
     * @param {{url?: string, name?: string, token?: string, requestTimeoutMs?: number, relayOnly?: boolean, reconnect?: boolean}} [options]
     *   token: the access token for a server in token mode, from the host application's backend.
     *   relayOnly: media goes only through the TURN relay (iceTransportPolicy 'relay'), so the other
     *   side never learns this device's IP addresses.
     *   reconnect: reconnect and resume after a lost connection (default true).
     */
    constructor({ url, name, token, requestTimeoutMs, relayOnly, reconnect }?: {
        url?: string;
        name?: string;
        token?: string;
        requestTimeoutMs?: number;
        relayOnly?: boolean;
        reconnect?: boolean;
    });
    token: string;
    relayOnly: boolean;
    reconnect: boolean;
    url: string;
    name: string;
    requestTimeoutMs: number;
    /** @type {Welcome|null} */
    welcome: Welcome | null;
    /** 'new', 'connecting', 'connected', 'reconnecting' or 'closed'. */
    state: string;
    /** Names online for direct calls (kept up to date from 'presence'). @type {Set<string>} */
    online: Set<string>;
    _ws: WebSocket;
    _ready: boolean;
    _closing: boolean;
    _attempt: number;
    _retryTimer: number;
    _queued: any[];
    /** Rooms joined, to rejoin if the server lost the session. @type {Set<string>} */
    _rooms: Set<string>;
    _received: number;
    _counting: boolean;
    _acked: number;
    _ackTimer: number;
    _nextId: number;
    /** @type {Map<string, {resolve: Function, reject: Function, timer: number}>} */
    _pending: Map<string, {
        resolve: Function;
        reject: Function;
        timer: number;
    }>;
    /** The SDK's calls on this connection, each handed what concerns it. */
    _calls: CallRouter;
    /** A peer connection made ahead for the next call that offers with its stream. */
    _prepared: PreparedLink;
    /** Opens the WebSocket and says hello. @returns {Promise<Welcome>} */
    connect(): Promise<Welcome>;
    /** One socket: resolves with welcome; when it closes, reconnects or reports the end. */
    _open(again: any): Promise<any>;
    _hello(again: any): Promise<any>;
    /** After a reconnect that could not resume: take the seats back. */
    _recover(welcome: any): Promise<void>;
    _retry(code: any): void;
    _ack(): void;
    _ended(code: any, reason: any): void;
    get session(): string;
    get iceServers(): IceServer[];
    get connected(): boolean;
    /** Says goodbye: the server ends the session now (peers see it leave). */
    close(): void;
    /**
     * `signal`: a payload for the member there longest (the first of the answer's peers), relayed
     * after its peer-joined; dropped if nobody is there.
     * @param {string} room @param {object} [signal]
     * @returns {Promise<{room: string, peers: Peer[]}>} rejects with code 'full' when every seat is taken
     */
    join(room: string, signal?: object): Promise<{
        room: string;
        peers: Peer[];
    }>;
    leave(room: any): Promise<any>;
    /**
     * Rings a user. `resume`: the id of a call with them the server lost (a restart), so their
     * client can take this one as that call going on, without ringing.
     * @returns {Promise<{call: string, to: string}>} rejects with code 'offline' or 'busy'
     */
    ring(to: any, { resume }?: {}): Promise<{
        call: string;
        to: string;
    }>;
    accept(call: any): Promise<any>;
    reject(call: any, reason: any): Promise<any>;
    hangup(call: any): Promise<any>;
    /** Relays a payload to one room member, by session id. */
    signal(room: any, to: any, data: any): void;
    /** Relays a payload to the other party of an accepted call. */
    signalCall(call: any, data: any): void;
    /** Relays a payload to every other member of a room. */
    message(room: any, data: any): void;
    /**
     * Makes the next call's peer connection ahead, while nobody waits for it (the person is still
     * typing a room name, say): the connection with the stream's tracks, its offer and its
     * candidates, all of which take the browser a noticeable time. The next call made with this
     * stream that offers first (a room's newcomer, a caller) takes it and sends its offer at once.
     * With `answer`, one for the side that answers instead (someone waiting alone in a room, for
     * whoever joins): the connection and its tracks, ready for the offer. A call in the other role
     * makes its own. One at a time; needs the connection's welcome (the ICE servers).
     * @param {MediaStream} stream @param {{answer?: boolean}} [options]
     */
    prepareCall(stream: MediaStream, { answer }?: {
        answer?: boolean;
    }): void;
    /** Closes a peer connection made ahead that no call took. */
    cancelPreparedCall(): void;
    /** The peer connection made ahead, until a call takes it. @returns {import('./parley-link.js').PeerLink|null} */
    get preparedLink(): import("./parley-link.js").PeerLink | null;
    /** A call with `stream` ended: a link made ahead for it that it never took goes too. */
    _forgetPrepared(stream: any): void;
    /** For a call with `stream` that offers first, or answers (`polite`): the link made ahead for it, now the call's, if it still fits; else null. */
    _takePrepared(stream: any, polite: any): import("./parley-link.js").PeerLink;
    /**
     * Joins a room and starts a call with whoever is or comes there.
     * @param {string} room @param {MediaStream} stream @returns {Promise<MediaCall>}
     */
    joinCall(room: string, stream: MediaStream): Promise<MediaCall>;
    /**
     * Joins a room and calls everyone there, and whoever comes, as a full mesh (one connection per
     * member): for rooms of more than two (the server's roomCapacity).
     * @param {string} room @param {MediaStream} stream @returns {Promise<GroupCall>}
     */
    joinGroup(room: string, stream: MediaStream): Promise<GroupCall>;
    /**
     * Calls a user by name; the returned call rings until they answer ('state' events).
     * @param {string} to @param {MediaStream} stream @returns {Promise<MediaCall>}
     */
    call(to: string, stream: MediaStream): Promise<MediaCall>;
    _request(message: any): Promise<any>;
    /** Payloads go out now, or wait while reconnecting (the oldest dropped past the limit). */
    _relay(message: any): void;
    _send(message: any): void;
    _receive(text: any): void;
    _presence({ full, online, offline }: {
        full: any;
        online?: any[];
        offline?: any[];
    }): void;
    /** An event the app hears, then the call it concerns (or, for the session's, every call). */
    _announce(type: any, detail: any): void;
    _failPending(error: any): void;
    _emit(type: any, detail: any): void;
}
export type Peer = {
    id: string;
    name?: string;
};
export type IceServer = {
    urls: string[];
    username?: string;
    credential?: string;
};
export type Limits = {
    maxFrameBytes: number;
    roomCapacity: number;
    maxRoomsPerSession: number;
    callTimeoutSeconds: number;
    resumeGraceSeconds: number;
};
export type Welcome = {
    session: string;
    user: Peer;
    protocol: number;
    limits: Limits;
    iceServers: IceServer[];
    resumeToken?: string;
    resumed: boolean;
};
import { CallRouter } from './parley-router.js';
import { PreparedLink } from './parley-prepared.js';
import { MediaCall } from './parley-call.js';
import { GroupCall } from './parley-group.js';
export { MediaCall, IncomingCall } from "./parley-call.js";
export { openMedia, videoCodecs, listDevices, setSpeaker } from "./parley-media.js";
export { ParleyError, ErrorCode } from "./parley-error.js";
export { ParleyEvent, CallEvent, CallState, EndReason, IncomingCallEvent, FileTransferEvent } from "./parley-events.js";
export { CallData, FileTransfer, MAX_CHAT_CHARS } from "./parley-data.js";
export { CallQuality, RATING } from "./parley-quality.js";
export { startTone, startRingtone, startRingback, RINGTONE, RINGBACK } from "./parley-tones.js";
