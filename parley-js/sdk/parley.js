// Parley JS SDK: the signaling protocol (docs/protocol.md) and WebRTC calls on top of it.
// A plain ES module, no build step:  import { Parley, openMedia } from '/parley.js';
import { MediaCall, IncomingCall } from './parley-call.js';
import { GroupCall } from './parley-group.js';
import { ParleyError } from './parley-error.js';
import { CallRouter, trafficEvent } from './parley-router.js';
import { PreparedLink } from './parley-prepared.js';

export { MediaCall, IncomingCall } from './parley-call.js';
export { openMedia, videoCodecs, listDevices, setSpeaker } from './parley-media.js';
export { ParleyError, ErrorCode } from './parley-error.js';
export { ParleyEvent, CallEvent, CallState, EndReason, IncomingCallEvent, FileTransferEvent } from './parley-events.js';
export { Participant } from './parley-participant.js';
export { PeerLink } from './parley-link.js';
export { GroupCall } from './parley-group.js';
export { CallData, FileTransfer, MAX_CHAT_CHARS } from './parley-data.js';
export { Sha256 } from './parley-sha256.js';
export { CallQuality, RATING } from './parley-quality.js';
export { CallRecorder } from './parley-record.js';
export { LocalSide } from './parley-local.js';
export { startTone, startRingtone, startRingback, RINGTONE, RINGBACK } from './parley-tones.js';

/**
 * @typedef {{id: string, name?: string}} Peer
 * @typedef {{urls: string[], username?: string, credential?: string}} IceServer
 * @typedef {{maxFrameBytes: number, roomCapacity: number, maxRoomsPerSession: number, callTimeoutSeconds: number, resumeGraceSeconds: number}} Limits
 * @typedef {{session: string, user: Peer, protocol: number, limits: Limits, iceServers: IceServer[], resumeToken?: string, resumed: boolean}} Welcome
 */

/** The WebSocket URL of the server that served this page. */
export function defaultUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** Waits before reconnect attempts: quick at first (most drops are blips), then every few seconds. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 5000];
/** Close codes after which reconnecting cannot help: a policy refusal, or another connection took the session. */
const FINAL_CLOSE_CODES = new Set([1003, 1008, 1009, 4001]);
/** Relayed payloads kept while reconnecting; a renegotiation is a few dozen. */
const MAX_QUEUED_RELAYS = 200;
/** hello retries while the server closes the old connection of a session being resumed. */
const SESSION_IN_USE_RETRIES = 10;
/** How often the client tells the server how much it received, so the server can forget it. */
const ACK_INTERVAL_MS = 1000;

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
  constructor({ url = defaultUrl(), name = undefined, token = undefined, requestTimeoutMs = 10000, relayOnly = false, reconnect = true } = {}) {
    super();
    this.token = token;
    this.relayOnly = relayOnly;
    this.reconnect = reconnect;
    this.url = url;
    this.name = name;
    this.requestTimeoutMs = requestTimeoutMs;
    /** @type {Welcome|null} */
    this.welcome = null;
    /** 'new', 'connecting', 'connected', 'reconnecting' or 'closed'. */
    this.state = 'new';
    /** Names online for direct calls (kept up to date from 'presence'). @type {Set<string>} */
    this.online = new Set();
    this._ws = null;
    this._ready = false; // the current socket has said hello and got welcome
    this._closing = false;
    this._attempt = 0;
    this._retryTimer = 0;
    this._queued = [];
    /** Rooms joined, to rejoin if the server lost the session. @type {Set<string>} */
    this._rooms = new Set();
    // Messages of this session received after welcome, across resumed connections: what the
    // server sends again after a resume is everything past this count.
    this._received = 0;
    this._counting = false;
    this._acked = 0;
    this._ackTimer = 0;
    this._nextId = 1;
    /** @type {Map<string, {resolve: Function, reject: Function, timer: number}>} */
    this._pending = new Map();
    /** The SDK's calls on this connection, each handed what concerns it. */
    this._calls = new CallRouter();
    /** A peer connection made ahead for the next call that offers with its stream. */
    this._prepared = new PreparedLink();
  }

  /** Opens the WebSocket and says hello. @returns {Promise<Welcome>} */
  connect() {
    this._closing = false;
    this.state = 'connecting';
    return this._open(false);
  }

  /** One socket: resolves with welcome; when it closes, reconnects or reports the end. */
  _open(again) {
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocket(this.url);
      } catch (e) {
        reject(new ParleyError('unreachable', `cannot open ${this.url}: ${e.message}`));
        return;
      }
      this._ws = ws;
      this._ready = false;
      let greeted = false;
      ws.onopen = () => {
        this._hello(again).then(welcome => {
          greeted = true;
          resolve(welcome);
        }, e => {
          reject(e);
          if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'hello failed');
        });
      };
      ws.onmessage = event => { if (this._ws === ws) this._receive(event.data); };
      ws.onclose = event => {
        if (this._ws !== ws) return;
        this._ready = false;
        this._counting = false;
        this._failPending(new ParleyError('closed', `connection closed (${event.code})`));
        if (!greeted) reject(new ParleyError('unreachable', `cannot reach the Parley server at ${this.url}`));
        const mayRetry = this.reconnect && !this._closing && this.welcome && !FINAL_CLOSE_CODES.has(event.code);
        if (mayRetry) this._retry(event.code);
        else this._ended(event.code, event.reason);
      };
    });
  }

  async _hello(again) {
    const hello = { type: 'hello', acks: true };
    if (this.name) hello.name = this.name;
    if (this.token) hello.token = this.token;
    if (again && this.welcome?.resumeToken) {
      hello.resume = this.welcome.resumeToken;
      hello.received = this._received;
    }
    for (let tries = 0; ; tries++) {
      try {
        const welcome = await this._request(hello);
        this.welcome = welcome;
        if (again) await this._recover(welcome);
        this._ready = true;
        this._attempt = 0;
        this.state = 'connected';
        if (!this._ackTimer) this._ackTimer = setInterval(() => this._ack(), ACK_INTERVAL_MS);
        for (const m of this._queued.splice(0)) this._send(m);
        if (again) this._announce(welcome.resumed ? 'resumed' : 'restored', { welcome });
        return welcome;
      } catch (e) {
        if (e.code !== 'session-in-use' || tries >= SESSION_IN_USE_RETRIES) throw e;
        await new Promise(r => setTimeout(r, 200)); // the server is closing the session's old connection
      }
    }
  }

  /** After a reconnect that could not resume: take the seats back. */
  async _recover(welcome) {
    if (welcome.resumed) return;
    const rooms = [...this._rooms];
    this._rooms.clear();
    for (const room of rooms) {
      try {
        const { peers } = await this.join(room);
        this._announce('rejoined', { room, peers });
      } catch (e) {
        this._announce('room-lost', { room, error: e });
      }
    }
  }

  _retry(code) {
    const attempt = ++this._attempt;
    const base = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length) - 1];
    const delayMs = Math.round(base * (0.8 + Math.random() * 0.4)); // spread a server's clients out
    this.state = 'reconnecting';
    this._emit('reconnecting', { attempt, delayMs, code });
    this._retryTimer = setTimeout(() => this._open(true).catch(() => { /* its close schedules the next try */ }), delayMs);
  }

  _ack() {
    if (!this._ready || this._received === this._acked) return;
    this._acked = this._received;
    this._send({ type: 'ack', received: this._received });
  }

  _ended(code, reason) {
    if (this.state === 'closed') return;
    clearInterval(this._ackTimer);
    this.state = 'closed';
    this._queued = [];
    this.cancelPreparedCall();
    this._announce('close', { code, reason });
  }

  get session() { return this.welcome?.session; }
  get iceServers() { return this.welcome?.iceServers ?? []; }
  get connected() { return this._ready && this._ws?.readyState === WebSocket.OPEN; }

  /** Says goodbye: the server ends the session now (peers see it leave). */
  close() {
    this._closing = true;
    clearTimeout(this._retryTimer);
    if (this._ws && this._ws.readyState <= WebSocket.OPEN) this._ws.close(1000, 'bye');
    else this._ended(1000, 'bye');
  }

  /**
   * `signal`: a payload for the member there longest (the first of the answer's peers), relayed
   * after its peer-joined; dropped if nobody is there.
   * @param {string} room @param {object} [signal]
   * @returns {Promise<{room: string, peers: Peer[]}>} rejects with code 'full' when every seat is taken
   */
  async join(room, signal) {
    const answer = await this._request(signal ? { type: 'join', room, signal } : { type: 'join', room });
    if (answer.type === 'full') throw new ParleyError('full', `room '${room}' is full (${answer.capacity} people)`, 'join');
    this._rooms.add(room);
    return answer;
  }

  leave(room) {
    this._rooms.delete(room);
    return this._request({ type: 'leave', room });
  }

  /**
   * Rings a user. `resume`: the id of a call with them the server lost (a restart), so their
   * client can take this one as that call going on, without ringing.
   * @returns {Promise<{call: string, to: string}>} rejects with code 'offline' or 'busy'
   */
  async ring(to, { resume } = {}) {
    const answer = await this._request(resume ? { type: 'call', to, resume } : { type: 'call', to });
    if (answer.type === 'unavailable') {
      throw new ParleyError(answer.reason, answer.reason === 'busy' ? `${to} is in another call` : `${to} is not online`, 'call');
    }
    return answer;
  }

  accept(call) { return this._request({ type: 'accept', call }); }
  reject(call, reason) { return this._request(reason ? { type: 'reject', call, reason } : { type: 'reject', call }); }
  hangup(call) { return this._request({ type: 'hangup', call }); }

  /** Relays a payload to one room member, by session id. */
  signal(room, to, data) { this._relay({ type: 'signal', room, to, data }); }
  /** Relays a payload to the other party of an accepted call. */
  signalCall(call, data) { this._relay({ type: 'signal', call, data }); }
  /** Relays a payload to every other member of a room. */
  message(room, data) { this._relay({ type: 'message', room, data }); }

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
  prepareCall(stream, { answer = false } = {}) {
    if (this.welcome) this._prepared.make(stream, this, answer);
  }

  /** Closes a peer connection made ahead that no call took. */
  cancelPreparedCall() { this._prepared.cancel(); }

  /** The peer connection made ahead, until a call takes it. @returns {import('./parley-link.js').PeerLink|null} */
  get preparedLink() { return this._prepared.link; }

  /** A call with `stream` ended: a link made ahead for it that it never took goes too. */
  _forgetPrepared(stream) { this._prepared.forget(stream); }

  /** For a call with `stream` that offers first, or answers (`polite`): the link made ahead for it, now the call's, if it still fits; else null. */
  _takePrepared(stream, polite) { return this._prepared.take(stream, this.welcome, polite); }

  /**
   * Joins a room and starts a call with whoever is or comes there.
   * @param {string} room @param {MediaStream} stream @returns {Promise<MediaCall>}
   */
  async joinCall(room, stream) {
    const { joined, offered } = await this._prepared.joinWithOffer(this, room, stream);
    return MediaCall.inRoom(this, joined, stream, offered);
  }

  /**
   * Joins a room and calls everyone there, and whoever comes, as a full mesh (one connection per
   * member): for rooms of more than two (the server's roomCapacity).
   * @param {string} room @param {MediaStream} stream @returns {Promise<GroupCall>}
   */
  joinGroup(room, stream) {
    return GroupCall.join(this, room, stream);
  }

  /**
   * Calls a user by name; the returned call rings until they answer ('state' events).
   * @param {string} to @param {MediaStream} stream @returns {Promise<MediaCall>}
   */
  async call(to, stream) {
    const ringing = await this.ring(to);
    return MediaCall.direct(this, ringing.call, ringing.to, stream, { caller: true });
  }

  _request(message) {
    const id = String(this._nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(new ParleyError('timeout', `no answer to ${message.type}`, message.type));
      }, this.requestTimeoutMs);
      this._pending.set(id, { resolve, reject, timer });
      try {
        this._send({ ...message, id });
      } catch (e) {
        clearTimeout(timer);
        this._pending.delete(id);
        reject(e);
      }
    });
  }

  /** Payloads go out now, or wait while reconnecting (the oldest dropped past the limit). */
  _relay(message) {
    if (this._ready) return this._send(message);
    if (this.state !== 'reconnecting') throw new ParleyError('closed', 'not connected to the server');
    if (this._queued.length >= MAX_QUEUED_RELAYS) this._queued.shift();
    this._queued.push(message);
  }

  _send(message) {
    if (!this._ws || this._ws.readyState !== WebSocket.OPEN) throw new ParleyError('closed', 'not connected to the server');
    this._ws.send(JSON.stringify(message));
  }

  _receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    if (message.type === 'welcome') {
      if (!message.resumed) { this._received = 0; this._acked = 0; }
      this._counting = true;
    } else if (this._counting) {
      this._received++;
    }
    const waiting = message.ref && this._pending.get(message.ref);
    if (waiting) {
      this._pending.delete(message.ref);
      clearTimeout(waiting.timer);
      if (message.type === 'error') waiting.reject(new ParleyError(message.code, message.message, message.request));
      else waiting.resolve(message);
    }
    if (message.type === 'presence') return this._presence(message);
    if (message.type === 'incoming') {
      // A call of ours going on after a server restart is taken up by that call, not rung.
      if (message.resume && this._calls.takeUp(message)) return;
      this._emit('incoming', { incoming: new IncomingCall(this, message.call, message.from) });
      return;
    }
    if (message.type === 'error' && !waiting) {
      this._emit('error', { error: new ParleyError(message.code, message.message, message.request) });
      return;
    }
    // Replies that changed a call (accepted, hangup, ...) are traffic too: both parties hear them.
    if (waiting && !['accepted', 'rejected', 'hangup'].includes(message.type)) return;
    const event = trafficEvent(message);
    if (event) this._announce(event.type, event.detail);
  }

  _presence({ full, online = [], offline = [] }) {
    if (full) this.online.clear();
    for (const n of online) this.online.add(n);
    for (const n of offline) this.online.delete(n);
    this._emit('presence', { online: [...this.online].sort(), came: online, went: offline });
  }

  /** An event the app hears, then the call it concerns (or, for the session's, every call). */
  _announce(type, detail) {
    this._emit(type, detail);
    this._calls.deliver({ type, detail });
  }

  _failPending(error) {
    for (const { reject, timer } of this._pending.values()) { clearTimeout(timer); reject(error); }
    this._pending.clear();
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}
