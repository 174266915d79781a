// Parley JS SDK: the signaling protocol (docs/protocol.md) and WebRTC calls on top of it.
// A plain ES module, no build step:  import { Parley, openMedia } from '/parley.js';
import { MediaCall, IncomingCall } from './parley-call.js';
import { ParleyError } from './parley-error.js';

export { MediaCall, IncomingCall, openMedia } from './parley-call.js';
export { ParleyError } from './parley-error.js';
export { PeerLink } from './parley-link.js';

/**
 * @typedef {{id: string, name?: string}} Peer
 * @typedef {{urls: string[], username?: string, credential?: string}} IceServer
 * @typedef {{maxFrameBytes: number, roomCapacity: number, maxRoomsPerSession: number, callTimeoutSeconds: number}} Limits
 * @typedef {{session: string, user: Peer, protocol: number, limits: Limits, iceServers: IceServer[]}} Welcome
 */

/** The WebSocket URL of the server that served this page. */
export function defaultUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * A connection to a Parley server. Requests return promises of the server's answer; everything
 * the server sends on its own is dispatched as a CustomEvent whose `type` is the message type
 * ('peer-joined', 'incoming', 'presence', ...) and whose `detail` is the message. A 'close' event
 * says the connection is gone.
 */
export class Parley extends EventTarget {
  /**
   * @param {{url?: string, name?: string, token?: string, requestTimeoutMs?: number, relayOnly?: boolean}} [options]
   *   token: the access token for a server in token mode, from the host application's backend.
   *   relayOnly: media goes only through the TURN relay (iceTransportPolicy 'relay'), so the other
   *   side never learns this device's IP addresses.
   */
  constructor({ url = defaultUrl(), name = undefined, token = undefined, requestTimeoutMs = 10000, relayOnly = false } = {}) {
    super();
    this.token = token;
    this.relayOnly = relayOnly;
    this.url = url;
    this.name = name;
    this.requestTimeoutMs = requestTimeoutMs;
    /** @type {Welcome|null} */
    this.welcome = null;
    /** Names online for direct calls (kept up to date from 'presence'). @type {Set<string>} */
    this.online = new Set();
    this._ws = null;
    this._nextId = 1;
    /** @type {Map<string, {resolve: Function, reject: Function, timer: number}>} */
    this._pending = new Map();
  }

  /** Opens the WebSocket and says hello. @returns {Promise<Welcome>} */
  connect() {
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocket(this.url);
      } catch (e) {
        reject(new ParleyError('unreachable', `cannot open ${this.url}: ${e.message}`));
        return;
      }
      this._ws = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        const hello = { type: 'hello' };
        if (this.name) hello.name = this.name;
        if (this.token) hello.token = this.token;
        this._request(hello).then(welcome => { this.welcome = welcome; resolve(welcome); }, reject);
      };
      ws.onmessage = event => this._receive(event.data);
      ws.onclose = event => {
        this._failPending(new ParleyError('closed', `connection closed (${event.code})`));
        if (!opened) reject(new ParleyError('unreachable', `cannot reach the Parley server at ${this.url}`));
        this._emit('close', { code: event.code, reason: event.reason });
      };
    });
  }

  get session() { return this.welcome?.session; }
  get iceServers() { return this.welcome?.iceServers ?? []; }
  get connected() { return this._ws?.readyState === WebSocket.OPEN; }

  close() { this._ws?.close(1000, 'bye'); }

  /** @returns {Promise<{room: string, peers: Peer[]}>} rejects with code 'full' when every seat is taken */
  async join(room) {
    const answer = await this._request({ type: 'join', room });
    if (answer.type === 'full') throw new ParleyError('full', `room '${room}' is full (${answer.capacity} people)`, 'join');
    return answer;
  }

  leave(room) { return this._request({ type: 'leave', room }); }

  /** Rings a user. @returns {Promise<{call: string, to: string}>} rejects with code 'offline' or 'busy' */
  async ring(to) {
    const answer = await this._request({ type: 'call', to });
    if (answer.type === 'unavailable') {
      throw new ParleyError(answer.reason, answer.reason === 'busy' ? `${to} is in another call` : `${to} is not online`, 'call');
    }
    return answer;
  }

  accept(call) { return this._request({ type: 'accept', call }); }
  reject(call, reason) { return this._request(reason ? { type: 'reject', call, reason } : { type: 'reject', call }); }
  hangup(call) { return this._request({ type: 'hangup', call }); }

  /** Relays a payload to one room member, by session id. */
  signal(room, to, data) { this._send({ type: 'signal', room, to, data }); }
  /** Relays a payload to the other party of an accepted call. */
  signalCall(call, data) { this._send({ type: 'signal', call, data }); }
  /** Relays a payload to every other member of a room. */
  message(room, data) { this._send({ type: 'message', room, data }); }

  /**
   * Joins a room and starts a call with whoever is or comes there.
   * @param {string} room @param {MediaStream} stream @returns {Promise<MediaCall>}
   */
  async joinCall(room, stream) {
    const joined = await this.join(room);
    return MediaCall.inRoom(this, joined, stream);
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

  _send(message) {
    if (!this._ws || this._ws.readyState !== WebSocket.OPEN) throw new ParleyError('closed', 'not connected to the server');
    this._ws.send(JSON.stringify(message));
  }

  _receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    const waiting = message.ref && this._pending.get(message.ref);
    if (waiting) {
      this._pending.delete(message.ref);
      clearTimeout(waiting.timer);
      if (message.type === 'error') waiting.reject(new ParleyError(message.code, message.message, message.request));
      else waiting.resolve(message);
    }
    if (message.type === 'presence') {
      if (message.full) this.online.clear();
      for (const n of message.online ?? []) this.online.add(n);
      for (const n of message.offline ?? []) this.online.delete(n);
    }
    if (message.type === 'incoming') {
      this._emit('incoming', new IncomingCall(this, message.call, message.from));
      return;
    }
    // Replies that changed a call (accepted, hangup, ...) are also events: calls listen for them.
    if (!waiting || ['accepted', 'rejected', 'hangup'].includes(message.type)) this._emit(message.type, message);
  }

  _failPending(error) {
    for (const { reject, timer } of this._pending.values()) { clearTimeout(timer); reject(error); }
    this._pending.clear();
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}
