/**
 * Events: 'remote' ({stream}: the other side's camera and microphone), 'remote-screen' ({stream}:
 * the screen it shares beside its camera, null once it stops), 'state' ({state}: the
 * RTCPeerConnectionState). `data` carries state, chat and files between the two
 * ({@link CallData}).
 */
export class PeerLink extends EventTarget {
    /**
     * @param {{polite: boolean, iceServers: RTCIceServer[], relayOnly?: boolean, stream?: MediaStream, send?: (data: object) => void}} options
     *   send delivers a payload ({description} or {candidate}) to the other side; without it (a link
     *   made before anyone to call is known) payloads wait for connectTo()
     */
    constructor({ polite, iceServers, relayOnly, stream, send }: {
        polite: boolean;
        iceServers: RTCIceServer[];
        relayOnly?: boolean;
        stream?: MediaStream;
        send?: (data: object) => void;
    });
    polite: boolean;
    _send: (data: object) => void;
    _unsent: any[];
    _makingOffer: boolean;
    _ignoreOffer: boolean;
    _applied: Promise<void>;
    /** The last negotiation steps, for diagnosing a call that does not connect. @type {string[]} */
    trace: string[];
    _describing: boolean;
    _outgoing: any[];
    _described: {
        ufrag: string;
        keys: Set<any>;
    };
    _incoming: any[];
    /** The other side's camera and microphone. */
    remoteStream: MediaStream;
    /** The screen the other side shares beside its camera, while it does. @type {MediaStream|null} */
    remoteScreen: MediaStream | null;
    _remoteStreams: Map<any, any>;
    _extraSenders: Map<any, any>;
    _holdingRemote: boolean;
    _awaitingIce: boolean;
    _iceWait: number;
    _watched: WeakSet<WeakKey>;
    pc: RTCPeerConnection;
    _answeredOnce: boolean;
    _watchdog: number;
    _disconnected: number;
    data: CallData;
    /** Sends one more track in a stream of its own (a screen beside the camera); renegotiates. */
    addExtraTrack(track: any, stream: any): void;
    removeExtraTrack(track: any): void;
    /**
     * Sorts the remote tracks into the camera stream and the screen stream. A track can arrive before
     * the state that names its stream, so this runs again whenever either changes.
     */
    _sortRemote(): void;
    /**
     * A payload the other side sent. Applied strictly in order: a candidate must not overtake the
     * offer it belongs to while that offer is still being set.
     */
    handle(data: any): Promise<void>;
    _apply({ description, candidate }: {
        description: any;
        candidate: any;
    }): Promise<void>;
    _note(step: any): void;
    /** After an exchange completes, ICE must start; if it does not (lost candidates), restart it. */
    _watchIceStart(): void;
    /** Negotiates again (e.g. after codec preferences changed, which does not by itself). */
    renegotiate(): Promise<void>;
    /** Holds the other side's tracks back until ICE is through checking (connected, or not) or takes too long. */
    _awaitIce(): void;
    _iceSettled(): void;
    close(): void;
    /** Sets and sends a local description (offer or answer), then the candidates that waited for it. */
    _describe(): Promise<void>;
    _sendCandidate(candidate: any): void;
    /**
     * Whether the description sent holds this candidate: the same foundation, component, transport,
     * priority, address, port and type (the SDP line leaves out what the event's string adds, such
     * as Chromium's `ufrag`).
     */
    _inDescription({ candidate, usernameFragment }: {
        candidate: any;
        usernameFragment: any;
    }): boolean;
    _deliver(data: any): void;
    /**
     * The offer of a link made ahead, taken out of what waits for connectTo() to go another way (with
     * a join, see Parley.joinCall): as the browser has it now, with the candidates gathered since.
     * Null when no offer waits. @returns {RTCSessionDescriptionInit|null}
     */
    takeUnsentOffer(): RTCSessionDescriptionInit | null;
    /** An offer taken out that went to nobody: it waits first again. */
    restoreUnsentOffer(description: any): void;
    /** Gives a link made ahead (see Parley.prepareCall) its other side: what it made meanwhile goes now, in order. */
    connectTo(send: any): void;
    _addCandidate(candidate: any): Promise<void>;
    /**
     * The first offer, now, from the side that offers first (a room's newcomer, the caller): without
     * waiting for the browser's 'negotiationneeded', which on a busy page comes up to a few hundred
     * milliseconds after the tracks were added (bench/call-setup). That event, when it comes, finds
     * an offer under way and is not fired, or finds nothing left to negotiate.
     */
    offerNow(): void;
    _offer(): Promise<void>;
}
import { CallData } from './parley-data.js';
