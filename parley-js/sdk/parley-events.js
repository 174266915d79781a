// The SDK's one vocabulary: every event name, call state and end reason as a constant. Every event's
// `detail` is an object of named fields, and whoever an event is about is its `peer` (in a call, a
// Participant; on the connection, the protocol's {id, name}).

/**
 * The connection's events (Parley). The first group is the session's; the rest is the room and
 * call traffic the server sends, for apps that make calls of their own: the SDK's calls are handed
 * what concerns them directly, and report it as CallEvents.
 */
export const ParleyEvent = Object.freeze({
  /** {attempt, delayMs, code}: the connection dropped; the next attempt is in delayMs. */
  RECONNECTING: 'reconnecting',
  /** {welcome}: reconnected and the session resumed: rooms and calls carried on, nothing missed. */
  RESUMED: 'resumed',
  /** {welcome}: reconnected to a server that no longer had the session; rooms are taken again. */
  RESTORED: 'restored',
  /** {room, peers}: a room taken again after 'restored'. */
  REJOINED: 'rejoined',
  /** {room, error}: a room that could not be taken again (full meanwhile, for instance). */
  ROOM_LOST: 'room-lost',
  /** {code, reason}: the connection is gone for good. */
  CLOSE: 'close',
  /** {online, came, went}: who is online for direct calls now (a sorted array), and the change. */
  PRESENCE: 'presence',
  /** {incoming}: someone is calling; answer with incoming.accept(stream) or incoming.reject(). */
  INCOMING: 'incoming',
  /** {error}: a ParleyError for something sent without waiting for an answer (a relayed payload: 'not-in-room', 'rate-limited'). */
  ERROR: 'error',
  /** {room, peer} */
  PEER_JOINED: 'peer-joined',
  /** {room, peer} */
  PEER_LEFT: 'peer-left',
  /** {room, peer} or {call, peer}: their connection to the server dropped; they may come back. */
  PEER_AWAY: 'peer-away',
  /** {room, peer} or {call, peer} */
  PEER_BACK: 'peer-back',
  /** {room, peer, data}: a payload sent to the whole room. */
  MESSAGE: 'message',
  /** {room, peer, data} or {call, peer, data}: a payload sent to this side alone. */
  SIGNAL: 'signal',
  /** {call}: the callee answered a direct call. */
  CALL_ACCEPTED: 'call-accepted',
  /** {call, reason}: the callee declined it. */
  CALL_REJECTED: 'call-rejected',
  /** {call, reason, by}: it ended; reason 'hung-up', 'disconnected' (by: whose session ended) or 'no-answer'. */
  CALL_ENDED: 'call-ended',
});

/** A call's events (MediaCall and GroupCall alike). `peer` is a Participant. */
export const CallEvent = Object.freeze({
  /** {state, reason, detail}: see CallState and EndReason; detail is the callee's own words on 'rejected'. */
  STATE: 'state',
  /** {peer}: someone to call with is there (a room member, or the callee who answered). */
  PEER_JOINED: 'peer-joined',
  /** {peer}: they left the room; the call goes on with whoever is left (or waits). */
  PEER_LEFT: 'peer-left',
  /** {peer}: their connection to the server dropped; the media between you may well flow on. */
  PEER_AWAY: 'peer-away',
  /** {peer}: it came back. */
  PEER_BACK: 'peer-back',
  /** {peer, stream}: their camera and microphone (the same MediaStream as tracks come and go). */
  REMOTE: 'remote',
  /** {peer, stream}: the screen they share beside their camera; stream null once they stop. */
  REMOTE_SCREEN: 'remote-screen',
  /** {peer, state}: what they say their devices are doing: {mic, cam, screen, screenStream}. */
  REMOTE_STATE: 'remote-state',
  /** {peer, id, text, at}: a chat message; at is the sender's clock, ms since 1970. */
  CHAT: 'chat',
  /** {id}: the message with this id arrived (in a group: at everyone it went to). */
  CHAT_DELIVERED: 'chat-delivered',
  /** {peer, transfer}: a file is arriving; follow it on the FileTransfer. */
  FILE: 'file',
  /** {peer, sample}: the connection's statistics with them, every second while connected. */
  QUALITY: 'quality',
  /** {track}: a track this side sends changed (another camera or microphone). */
  LOCAL_TRACK: 'local-track',
  /** {stream}: the screen this side shares beside its camera; stream null once it stops. */
  LOCAL_SCREEN: 'local-screen',
});

/** What a call is doing (CallEvent.STATE's state). */
export const CallState = Object.freeze({
  NEW: 'new',
  /** Alone in the room. */
  WAITING: 'waiting',
  /** A direct call not answered yet. */
  RINGING: 'ringing',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  /** The media path is interrupted; ICE is being restarted. */
  RECONNECTING: 'reconnecting',
  ENDED: 'ended',
});

/** Why a call ended (state 'ended'), or went back to waiting ('peer-left'). */
export const EndReason = Object.freeze({
  HUNG_UP: 'hung-up',
  PEER_HUNG_UP: 'peer-hung-up',
  PEER_DISCONNECTED: 'peer-disconnected',
  PEER_LEFT: 'peer-left',
  REJECTED: 'rejected',
  NO_ANSWER: 'no-answer',
  SIGNALING_LOST: 'signaling-lost',
});

/** An IncomingCall's one event. */
export const IncomingCallEvent = Object.freeze({
  /** {reason}: the caller gave up ('hung-up'), nobody answered ('no-answer'), or the server was lost ('signaling-lost'). */
  CANCELLED: 'cancelled',
});

/** A FileTransfer's events. */
export const FileTransferEvent = Object.freeze({
  /** {bytes, size} */
  PROGRESS: 'progress',
  /** {ok, sha256, blob}: blob on the receiving side when the digest matched. */
  DONE: 'done',
  /** {by}: 'me' or 'peer'. */
  CANCELLED: 'cancelled',
});
