// Calls with one other person, in a room or direct, on top of the signaling client and PeerLink.
import { PeerLink } from './parley-link.js';
import { LocalSide } from './parley-local.js';
import { CallQuality } from './parley-quality.js';
import { ParleyError } from './parley-error.js';

/** After a server restart, how often and how long a caller tries to take a direct call up again. */
const RESUME_CALL_RETRY_MS = 1000;
const RESUME_CALL_ATTEMPTS = 30;

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
  static inRoom(parley, joined, stream) {
    const c = new MediaCall(parley, stream, { room: joined.room });
    if (joined.peers.length > 0) c._connect(joined.peers[0], false); // the newcomer offers
    else c._setState('waiting');
    return c;
  }

  static direct(parley, callId, peerName, stream, { caller }) {
    const c = new MediaCall(parley, stream, { call: callId });
    c.caller = caller;
    c.peer = { name: peerName };
    if (caller) c._setState('ringing');
    else c._connect(c.peer, true);
    return c;
  }

  constructor(parley, stream, { room, call }) {
    super(stream);
    this.parley = parley;
    this.room = room;
    this.call = call;
    this.peer = null;
    this.state = 'new';
    /** Whether this side placed the direct call (it is the one to take it up after a server restart). */
    this.caller = false;
    this._resuming = false; // taking the call up again after a server restart, until accepted
    this._ringingAgain = false; // the ringing part of that is under way
    /** What the other side said about its devices, once it did. */
    this.remoteState = null;
    /** Live statistics of the current peer connection. @type {CallQuality|null} */
    this.quality = null;
    /** @type {PeerLink|null} */
    this.link = null;
    this._early = []; // payloads that arrived before the link existed
    this._off = [];
    const on = (type, handler) => {
      parley.addEventListener(type, handler);
      this._off.push(() => parley.removeEventListener(type, handler));
    };
    on('signal', e => this._signal(e.detail));
    on('close', () => this._end('signaling-lost'));
    const awayOrBack = e => {
      const d = e.detail;
      // this.call: after a server restart the call goes on under a new id.
      const mine = room ? d.room === room && d.peer?.id === this.peer?.id : d.call === this.call;
      if (mine && this.state !== 'ended') this.dispatchEvent(new CustomEvent(e.type, { detail: this.peer }));
    };
    on('peer-away', awayOrBack);
    on('peer-back', awayOrBack);
    if (room) {
      on('peer-joined', e => {
        if (e.detail.room !== room) return;
        if (!this.link) this._connect(e.detail.peer, true);
        else if (e.detail.peer.id !== this.peer?.id && this.link.pc.connectionState !== 'connected') {
          // Our peer never came back (its page closed while the server was away); this is someone new.
          this._drop();
          this._connect(e.detail.peer, true);
        }
      });
      // The server lost our session (a restart) and we took our seat back: whoever is there with a
      // link already is the same peer (ids survive restarts); with nobody linked, start as a newcomer.
      on('rejoined', e => {
        if (e.detail.room === room && !this.link && e.detail.peers.length > 0) this._connect(e.detail.peers[0], false);
      });
      on('room-lost', e => { if (e.detail.room === room) this._end('signaling-lost'); });
      on('peer-left', e => {
        if (e.detail.room !== room || e.detail.peer.id !== this.peer?.id) return;
        this._drop();
        this._setState('waiting', 'peer-left');
      });
    } else {
      // this.call, not call: after a server restart the call goes on under a new id.
      on('accepted', e => {
        if (e.detail.call !== this.call) return;
        this._resuming = false;
        if (!this.link) this._connect(this.peer, false);
      });
      on('rejected', e => { if (e.detail.call === this.call) this._end('rejected', e.detail.reason); });
      on('timeout', e => { if (e.detail.call === this.call) this._end(this._resuming ? 'signaling-lost' : 'no-answer'); });
      on('hangup', e => {
        if (e.detail.call !== this.call || e.detail.by === parley.name) return;
        this._end(e.detail.reason === 'disconnected' ? 'peer-disconnected' : 'peer-hung-up');
      });
      // The server restarted and forgot the call while the media went on: the caller rings again
      // naming it, and the callee's side takes that ring as the same call.
      on('restored', () => { if (this.caller && this.link && this.state !== 'ended') this._resumeCall(); });
      on('call-resume', e => {
        const m = e.detail;
        if (m.resume !== this.call || m.from !== this.peer?.name || this.state === 'ended') return;
        e.preventDefault();
        this.call = m.call;
        parley.accept(m.call).catch(() => this._end('signaling-lost'));
      });
    }
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
          this.call = ringing.call; // 'accepted' under this id follows, from the other side's SDK
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

  /** The RTCPeerConnection while connected to someone (for getStats), else null. */
  get pc() { return this.link?.pc ?? null; }

  get links() { return this.link ? [this.link] : []; }

  /** Sends a chat message over the call's data channel. @returns {string} its id, for 'chat-delivered' */
  chat(text) {
    if (!this.link) throw new ParleyError('not-connected', 'nobody to chat with yet');
    return this.link.data.chat(text);
  }

  /** Sends a file to the other side. @param {File|Blob} file @returns {import('./parley-data.js').FileTransfer} */
  sendFile(file, name) {
    if (!this.link) throw new ParleyError('not-connected', 'nobody to send to yet');
    return this.link.data.sendFile(file, name);
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

  _connect(peer, polite) {
    this.peer = peer;
    const send = this.room
      ? data => this.parley.signal(this.room, peer.id, data)
      : data => this.parley.signalCall(this.call, data);
    this.link = new PeerLink({ polite, iceServers: this.parley.iceServers, relayOnly: this.parley.relayOnly, stream: this.stream, send });
    for (const type of ['remote', 'remote-screen']) {
      this.link.addEventListener(type, e => this.dispatchEvent(new CustomEvent(type, { detail: e.detail })));
    }
    this.quality = new CallQuality(this.link.pc);
    this.quality.addEventListener('sample', e => this.dispatchEvent(new CustomEvent('quality', { detail: e.detail })));
    this._attach(this.link);
    this.remoteState = null;
    for (const type of ['remote-state', 'chat', 'chat-delivered', 'file']) {
      this.link.data.addEventListener(type, e => {
        if (type === 'remote-state') this.remoteState = e.detail;
        this.dispatchEvent(new CustomEvent(type, { detail: e.detail }));
      });
    }
    this.link.addEventListener('state', e => {
      const s = { new: 'connecting', connecting: 'connecting', connected: 'connected', disconnected: 'reconnecting', failed: 'reconnecting' }[e.detail];
      if (s && this.state !== 'ended') this._setState(s);
    });
    this._setState('connecting');
    for (const data of this._early.splice(0)) this.link.handle(data);
    if (!polite) this.link.offerNow();
  }

  _signal(m) {
    const mine = this.room ? m.room === this.room && (!this.peer || m.from === this.peer.id) : m.call === this.call;
    if (!mine || this.state === 'ended') return;
    if (this.link) this.link.handle(m.data);
    else this._early.push(m.data);
  }

  _drop() {
    if (this.link?.remoteScreen) this.dispatchEvent(new CustomEvent('remote-screen', { detail: null }));
    this.quality?.stop();
    this.quality = null;
    this.link?.close();
    this.link = null;
    this.peer = null;
  }

  _end(reason, detail) {
    if (this.state === 'ended') return;
    this._releaseLocal();
    this._drop();
    for (const off of this._off.splice(0)) off();
    this._setState('ended', reason, detail);
  }

  _setState(state, reason, detail) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, reason, detail } }));
  }
}

/**
 * Someone is calling. Answer with accept(stream) or reject(reason); a 'cancelled' event (detail:
 * 'hung-up', 'no-answer' or 'signaling-lost') says the caller gave up, the call timed out, or the
 * connection to the server was lost for good or the server restarted, first.
 */
export class IncomingCall extends EventTarget {
  constructor(parley, call, from) {
    super();
    this.parley = parley;
    this.call = call;
    this.from = from;
    this.answered = false;
    // A session that ended, or a server that restarted, takes unanswered calls with it.
    const reasons = { hangup: 'hung-up', timeout: 'no-answer', close: 'signaling-lost', restored: 'signaling-lost' };
    const cancel = e => {
      if ((e.type === 'hangup' || e.type === 'timeout') && e.detail.call !== call) return;
      if (this.answered) return;
      this.answered = true;
      this._stop();
      this.dispatchEvent(new CustomEvent('cancelled', { detail: reasons[e.type] }));
    };
    for (const type of Object.keys(reasons)) parley.addEventListener(type, cancel);
    this._stop = () => { for (const type of Object.keys(reasons)) parley.removeEventListener(type, cancel); };
  }

  /** @param {MediaStream} stream @returns {Promise<MediaCall>} */
  async accept(stream) {
    this.answered = true;
    this._stop();
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
    this.answered = true;
    this._stop();
    await this.parley.reject(this.call, reason);
  }
}
