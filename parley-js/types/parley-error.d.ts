/**
 * Every code a ParleyError may carry: the protocol's (docs/protocol.md, "Errors"; the server's
 * refusal of a request) and the SDK's own.
 */
export const ErrorCode: Readonly<{
    BAD_JSON: "bad-json";
    UNKNOWN_TYPE: "unknown-type";
    MISSING_FIELD: "missing-field";
    INVALID_FIELD: "invalid-field";
    FIELD_TOO_LONG: "field-too-long";
    UNSUPPORTED_FRAME: "unsupported-frame";
    HELLO_REQUIRED: "hello-required";
    HELLO_REPEATED: "hello-repeated";
    NAME_TAKEN: "name-taken";
    /** Calling without a name of your own. */
    NAME_REQUIRED: "name-required";
    RATE_LIMITED: "rate-limited";
    UNAUTHORIZED: "unauthorized";
    SESSION_IN_USE: "session-in-use";
    FORBIDDEN: "forbidden";
    ALREADY_IN_ROOM: "already-in-room";
    NOT_IN_ROOM: "not-in-room";
    TOO_MANY_ROOMS: "too-many-rooms";
    NO_SUCH_PEER: "no-such-peer";
    SELF_CALL: "self-call";
    ALREADY_IN_CALL: "already-in-call";
    NO_SUCH_CALL: "no-such-call";
    NOT_CALLEE: "not-callee";
    CALL_NOT_RINGING: "call-not-ringing";
    CALL_NOT_ACTIVE: "call-not-active";
    /** A cluster node cannot reach the cluster's shared state for now; retry in a second or two. */
    UNAVAILABLE: "unavailable";
    INTERNAL: "internal";
    /** join: every seat of the room is taken. */
    FULL: "full";
    /** call: nobody of that name is online. */
    OFFLINE: "offline";
    /** call: they are in another call. */
    BUSY: "busy";
    /** The server cannot be reached (the first connection failed). */
    UNREACHABLE: "unreachable";
    /** The connection closed before the answer came, or is closed. */
    CLOSED: "closed";
    /** The server did not answer a request within requestTimeoutMs. */
    TIMEOUT: "timeout";
    /** chat or sendFile with nobody connected in the call yet. */
    NOT_CONNECTED: "not-connected";
    /** Camera or microphone: permission refused. */
    MEDIA_DENIED: "media-denied";
    /** Camera or microphone: none found, or none that fits. */
    MEDIA_MISSING: "media-missing";
    /** Camera or microphone: another program holds it. */
    MEDIA_BUSY: "media-busy";
    /** The page is not HTTPS (or localhost): browsers give it no camera. */
    INSECURE_CONTEXT: "insecure-context";
    /** Screen sharing: refused, or cancelled in the browser's picker. */
    SCREEN_DENIED: "screen-denied";
    /** Screen sharing: nothing to capture (no display). */
    SCREEN_MISSING: "screen-missing";
    /** The browser lacks what this needs (choosing a speaker: setSinkId). */
    UNSUPPORTED: "unsupported";
}>;
/** A refused request or a failure, with one of the ErrorCode codes. */
export class ParleyError extends Error {
    /** @param {string} code one of ErrorCode @param {string} message @param {string} [request] the request's type */
    constructor(code: string, message: string, request?: string);
    /** One of ErrorCode's values. */
    code: string;
    /** The protocol request refused ('join', 'call', ...), when a request was. */
    request: string;
}
