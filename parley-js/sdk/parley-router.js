// What the server sends about rooms and calls, as the SDK's events (one shape per event, whoever it
// concerns as `peer`), and the hand-off of each to the one call it concerns.

/**
 * The server's room and call traffic as a ParleyEvent: its type and detail, or null for anything
 * else (replies are answers to requests, not events).
 * @param {any} m a message the server sent
 * @returns {{type: string, detail: object}|null}
 */
export function trafficEvent(m) {
  const inRoom = m.room !== undefined;
  switch (m.type) {
    case 'peer-joined':
    case 'peer-left':
      return { type: m.type, detail: { room: m.room, peer: m.peer } };
    case 'peer-away':
    case 'peer-back': // about a direct call, the server names the party only
      return { type: m.type, detail: inRoom ? { room: m.room, peer: m.peer } : { call: m.call, peer: { name: m.by } } };
    case 'message':
      return { type: 'message', detail: { room: m.room, peer: { id: m.from }, data: m.data } };
    case 'signal': // in a room `from` is a session id, in a direct call a name
      return { type: 'signal', detail: inRoom ? { room: m.room, peer: { id: m.from }, data: m.data } : { call: m.call, peer: { name: m.from }, data: m.data } };
    case 'accepted':
      return { type: 'call-accepted', detail: { call: m.call } };
    case 'rejected':
      return { type: 'call-rejected', detail: { call: m.call, reason: m.reason } };
    case 'hangup':
      return { type: 'call-ended', detail: { call: m.call, reason: m.reason === 'disconnected' ? 'disconnected' : 'hung-up', by: m.by } };
    case 'timeout':
      return { type: 'call-ended', detail: { call: m.call, reason: 'no-answer' } };
    default:
      return null;
  }
}

/**
 * @typedef {object} Hearing what a call does with what the connection hands it
 * @property {(type: string, detail: any) => void} _hear an event about its room or call, or the session's
 * @property {(m: any) => boolean} [_takeUp] a ring naming it after a server restart: true if taken as this call
 */

/**
 * The SDK's calls on one connection, by the room or the direct call's id they are in, so each event
 * is handed to the one call it concerns, and the session's events (restored, close) to all.
 */
export class CallRouter {
  /** @type {Map<string, Hearing>} room → its call */
  _rooms = new Map();
  /** @type {Map<string, Hearing>} direct call id → the call (an IncomingCall while it rings) */
  _direct = new Map();

  /** @param {string} room @param {Hearing} call */
  room(room, call) { this._rooms.set(room, call); }

  /** @param {string} id @param {Hearing} call */
  direct(id, call) { this._direct.set(id, call); }

  /** Forgets a call, under whatever it is known by. @param {Hearing} call */
  release(call) {
    for (const map of [this._rooms, this._direct]) {
      for (const [key, c] of map) if (c === call) map.delete(key);
    }
  }

  /** @param {{type: string, detail: any}} event */
  deliver({ type, detail }) {
    const targets = detail?.room !== undefined ? [this._rooms.get(detail.room)]
      : typeof detail?.call === 'string' ? [this._direct.get(detail.call)]
        : new Set([...this._rooms.values(), ...this._direct.values()]); // a snapshot: calls leave as they end
    for (const call of targets) {
      try {
        call?._hear(type, detail);
      } catch (e) { // one call failing must not keep the others, or the connection, from going on
        if (typeof reportError === 'function') reportError(e);
        else setTimeout(() => { throw e; });
      }
    }
  }

  /** @param {{resume: string}} ring an incoming call naming a call the server lost */
  takeUp(ring) { return this._direct.get(ring.resume)?._takeUp?.(ring) ?? false; }
}
