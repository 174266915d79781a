// Calls with one other person, in a room or direct, on top of the signaling client and PeerLink.
import { LocalSide } from './parley-local.js';
import { Participant } from './parley-participant.js';
import { ParleyError } from './parley-error.js';

/** After a server restart, how often and how long a caller tries to take a direct call up again. */
const RESUME_CALL_RETRY_MS = 1000;
const RESUME_CALL_ATTEMPTS = 30;

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
  static inRoom(parley, joined, stream, offered = null) {
    const c = new MediaCall(parley, stream, { room: joined.room });
    if (joined.peers.length > 0) c._connect(joined.peers[0], false, offered); // the newcomer offers
    else c._setState('waiting');
    return c;
  }

  static direct(parley, callId, peerName, stream, { caller }) {
    const c = new MediaCall(parley, stream, { call: callId });
    c.caller = caller;
    c.peer = new Participant({ name: peerName });
    if (caller) c._setState('ringing');
    else c._connect(c.peer, true);
    return c;
  }

  constructor(parley, stream, { room, call }) {
    super(stream);
    this.parley = parley;
    this.room = room;
    /** The direct call's id (it changes when the call is taken up again after a server restart). */
    this.call = call;
    /** The other person: in a direct call from the start, in a room while someone is there. @type {Participant|null} */
    this.peer = null;
    this.state = 'new';
    /** Whether this side placed the direct call (it is the one to take it up after a server restart). */
    this.caller = false;
    this._resuming = false; // taking the call up again after a server restart, until accepted
    this._ringingAgain = false; // the ringing part of that is under way
    this._early = []; // payloads that arrived before the link existed
    if (room) parley._calls.room(room, this);
    else parley._calls.direct(call, this);
  }

  /** What the connection hands this call: its room's or its call's traffic, and the session's events. */
  _hear(type, d) {
    if (this.state === 'ended') return;
    switch (type) {
      case 'signal':
        if (!this.room || !this.peer || d.peer.id === this.peer.id) this._signal(d.data);
        break;
      case 'peer-away':
      case 'peer-back':
        if (this.peer && (!this.room || d.peer.id === this.peer.id)) this.peer._setAway(this, type === 'peer-away');
        break;
      case 'peer-joined':
        if (!this.link) this._connect(d.peer, true);
        else if (d.peer.id !== this.peer?.id && this.link.pc.connectionState !== 'connected') {
          // Our peer never came back (its page closed while the server was away); this is someone new.
          this._lose();
          this._connect(d.peer, true);
        }
        break;
      case 'peer-left':
        if (d.peer.id !== this.peer?.id) return;
        this._left();
        break;
      // The server lost our session (a restart) and we took our seat back: whoever is there with a
      // link already is the same peer (ids survive restarts); with nobody linked, start as a newcomer.
      case 'rejoined':
        if (!this.link && d.peers.length > 0) this._connect(d.peers[0], false);
        else if (d.peers.some(p => p.id === this.peer?.id)) this.peer._backAfterRestart(this);
        break;
      case 'room-lost':
      case 'close':
        this._end('signaling-lost');
        break;
      case 'call-accepted':
        if (this._resuming) this.peer._backAfterRestart(this);
        this._resuming = false;
        if (!this.link) this._connect(this.peer, false);
        break;
      case 'call-rejected':
        this._end('rejected', d.reason);
        break;
      case 'call-ended':
        if (d.reason === 'no-answer') this._end(this._resuming ? 'signaling-lost' : 'no-answer');
        else if (d.by !== this.parley.name) this._end(d.reason === 'disconnected' ? 'peer-disconnected' : 'peer-hung-up');
        break;
      // The server restarted and forgot the call while the media went on: the caller rings again
      // naming it, and the callee's side takes that ring as the same call (_takeUp).
      case 'restored':
        if (!this.room && this.caller && this.link) this._resumeCall();
        break;
    }
  }

  /** A ring naming this call after a server restart: the same call going on, if from the same person. */
  _takeUp(ring) {
    if (ring.from !== this.peer?.name || this.state === 'ended') return false;
    this._rekey(ring.call);
    this.peer._backAfterRestart(this);
    this.parley.accept(ring.call).catch(() => this._end('signaling-lost'));
    return true;
  }

  _rekey(id) {
    this.parley._calls.release(this);
    this.call = id;
    this.parley._calls.direct(id, this);
  }

  /** Rings the other side again under the lost call's name, until it is back online (bounded). */
  async _resumeCall() {
    if (this._ringingAgain) return; // 'restored' again while already at it
    this._ringingAgain = true;
    this._resuming = true;
    try {
      for (let attempt = 1; this.state !== 'ended'; attempt++) {
        try {
          const ringing = await this.parley.ring(this.peer.name, { resume: this.call });
          if (this.state === 'ended') { // hung up meanwhile: the new call must not ring on
            this.parley.hangup(ringing.call).catch(() => { /* over on the server already */ });
            return;
          }
          this._rekey(ringing.call); // 'accepted' under this id follows, from the other side's SDK
          return;
        } catch (e) {
          if (e.code === 'closed' || e.code === 'timeout') return; // lost the server again: the next 'restored' retries
          // 'offline': the other side has not reconnected yet. Anything else, or too long: the call is lost.
          if (e.code !== 'offline' || attempt >= RESUME_CALL_ATTEMPTS) { this._end('signaling-lost'); return; }
          await new Promise(r => setTimeout(r, RESUME_CALL_RETRY_MS));
        }
      }
    } finally {
      this._ringingAgain = false;
    }
  }

  /** The peer connection with the other person, while there is one. @type {import('./parley-link.js').PeerLink|null} */
  get link() { return this.peer?.link ?? null; }

  /** The RTCPeerConnection while connected to someone (for getStats), else null. */
  get pc() { return this.link?.pc ?? null; }

  get links() { return this.link ? [this.link] : []; }

  /** The other person's live statistics, while linked. */
  get quality() { return this.peer?.quality ?? null; }

  /** What the other person says their devices are doing, once they did (their Participant's state). */
  get remoteState() { return this.peer?.state ?? null; }

  /** Sends a chat message over the call's data channel. @returns {string} its id, for 'chat-delivered' */
  chat(text) {
    if (!this.link) throw new ParleyError('not-connected', 'nobody to chat with yet');
    return this.link.data.chat(text);
  }

  /**
   * Sends a file to the other side.
   * @param {File|Blob} file @param {string} [name] @returns {import('./parley-data.js').FileTransfer} its `peer` the receiver
   */
  sendFile(file, name) {
    if (!this.link) throw new ParleyError('not-connected', 'nobody to send to yet');
    return Object.assign(this.link.data.sendFile(file, name), { peer: this.peer });
  }

  /** Ends the call for both sides: leaves the room, or hangs up the direct call. */
  async hangup() {
    if (this.state === 'ended') return;
    this._end('hung-up');
    try {
      if (this.room) await this.parley.leave(this.room);
      else await this.parley.hangup(this.call);
    } catch (e) {
      if (!(e instanceof ParleyError)) throw e; // already over on the server: nothing to undo
    }
  }

  /**
   * Links up with `who` (a room member as the server names them, or the direct call's Participant),
   * over `offered` if its offer already went to them (with the join).
   */
  _connect(who, polite, offered = null) {
    const peer = who instanceof Participant ? who : new Participant(who);
    this.peer = peer;
    const send = this.room
      ? data => this.parley.signal(this.room, peer.id, data)
      : data => this.parley.signalCall(this.call, data);
    const link = peer._linkUp(this, { polite, send, offered });
    this._attach(link);
    link.data.addEventListener('chat-delivered', e => this._emit('chat-delivered', { id: e.detail.id }));
    link.addEventListener('state', e => {
      const s = { new: 'connecting', connecting: 'connecting', connected: 'connected', disconnected: 'reconnecting', failed: 'reconnecting' }[e.detail.state];
      if (s && this.state !== 'ended' && this.peer === peer) this._setState(s);
    });
    this._emit('peer-joined', { peer });
    this._setState('connecting');
    for (const data of this._early.splice(0)) link.handle(data);
    if (!polite) link.offerNow();
  }

  _signal(data) {
    if (this.link) this.link.handle(data);
    else this._early.push(data);
  }

  /** The room's other member left: back to waiting for someone. */
  _left() {
    this._lose();
    this._setState('waiting', 'peer-left');
  }

  /** The room's other member is gone (left, or replaced by a newcomer): their link closed, and said. */
  _lose() {
    const peer = this.peer;
    this._drop();
    this._emit('peer-left', { peer });
  }

  _drop() {
    this.peer?._unlink(this);
    if (this.room) this.peer = null; // a direct call's other person stays who the call is with
  }

  _end(reason, detail) {
    if (this.state === 'ended') return;
    this._releaseLocal();
    this._drop();
    this.parley._calls.release(this);
    this.parley._forgetPrepared(this.stream);
    this._setState('ended', reason, detail);
  }

  _setState(state, reason, detail) {
    this.state = state;
    this._emit('state', { state, reason, detail });
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}

/**
 * Someone is calling. Answer with accept(stream) or reject(reason); a 'cancelled' event (detail
 * {reason}: 'hung-up', 'no-answer' or 'signaling-lost') says the caller gave up, nobody answered
 * in time, or the connection to the server was lost for good or the server restarted, first.
 */
export class IncomingCall extends EventTarget {
  constructor(parley, call, from) {
    super();
    this.parley = parley;
    /** The call's id. */
    this.call = call;
    /** The caller's name. */
    this.from = from;
    this.answered = false;
    parley._calls.direct(call, this);
  }

  /** A session that ended, or a server that restarted, takes unanswered calls with it. */
  _hear(type, d) {
    const reason = type === 'call-ended' ? (d.reason === 'no-answer' ? 'no-answer' : 'hung-up')
      : type === 'close' || type === 'restored' ? 'signaling-lost' : null;
    if (!reason || this.answered) return;
    this._answered();
    this.dispatchEvent(new CustomEvent('cancelled', { detail: { reason } }));
  }

  _answered() {
    this.answered = true;
    this.parley._calls.release(this);
  }

  /** @param {MediaStream} stream @returns {Promise<MediaCall>} */
  async accept(stream) {
    this._answered();
    // The call listens before the server is asked, so it hears the caller's first offer.
    const c = MediaCall.direct(this.parley, this.call, this.from, stream, { caller: false });
    try {
      await this.parley.accept(this.call);
    } catch (e) {
      c._end('hung-up');
      throw e;
    }
    return c;
  }

  async reject(reason) {
    this._answered();
    await this.parley.reject(this.call, reason);
  }
}
