// A call with everyone in a room as a full mesh: one PeerLink per other member, each negotiated
// through `signal {to}`. Every member sends its media to every other, so this is for small groups
// (a room's capacity, e.g. 4); larger meetings need a media server.
import { LocalSide } from './parley-local.js';
import { Participant } from './parley-participant.js';
import { ParleyError } from './parley-error.js';

/**
 * A call with everyone in a room. Its events are CallEvent's, each about one member as `peer` (a
 * Participant), as a MediaCall's are about its one other person: 'peer-joined' when a link with
 * someone starts, 'peer-left' when they leave; 'state' (detail {state, reason}): 'waiting' alone,
 * 'connecting', 'connected' with someone, 'ended' with a reason. 'chat-delivered' comes once every
 * member the message went to has it. Devices, screen sharing (to everyone) and send settings are
 * LocalSide's.
 */
export class GroupCall extends LocalSide {
  /** Joins the room and links up with whoever is, or comes, there. */
  static async join(parley, room, stream) {
    return new GroupCall(parley, await parley.join(room), stream);
  }

  constructor(parley, joined, stream) {
    super(stream);
    this.parley = parley;
    this.room = joined.room;
    this.state = 'new';
    /** The other members, by session id. @type {Map<string, Participant>} */
    this.members = new Map();
    this._pendingReceipts = new Map(); // chat id → member ids that have not confirmed yet
    parley._calls.room(this.room, this);
    for (const peer of joined.peers) this._add(peer, false); // the newcomer offers to each
    this._updateState();
  }

  /** What the connection hands this call: its room's traffic, and the session's events. */
  _hear(type, d) {
    if (this.state === 'ended') return;
    switch (type) {
      case 'signal': this._member(d.peer.id)?.link.handle(d.data); break;
      case 'peer-joined': this._add(d.peer, true); break; // they offer to us
      case 'peer-left': this._remove(d.peer.id); break;
      case 'peer-away':
      case 'peer-back': this.members.get(d.peer.id)?._setAway(this, type === 'peer-away'); break;
      // After a server restart the seats were taken again: link up with anyone new; known ids keep their links.
      case 'rejoined':
        for (const peer of d.peers) {
          this.members.get(peer.id)?._backAfterRestart(this);
          this._add(peer, false);
        }
        break;
      case 'room-lost':
      case 'close': this._end('signaling-lost'); break;
    }
  }

  get links() { return [...this.members.values()].map(m => m.link); }

  /** Sends a chat message to every member. @returns {string} its id, for 'chat-delivered' */
  chat(text) {
    const open = [...this.members.values()].filter(m => m.link.data.open);
    if (open.length === 0) throw new ParleyError('not-connected', 'nobody to chat with yet');
    const id = crypto.randomUUID();
    this._pendingReceipts.set(id, new Set(open.map(m => m.id)));
    for (const m of open) m.link.data.chat(text, id);
    return id;
  }

  /**
   * Sends a file to every member connected now, each over their own link.
   * @param {File|Blob} file @param {string} [name] @returns {import('./parley-data.js').FileTransfer[]} one per member, `peer` naming them
   */
  sendFile(file, name) {
    const open = [...this.members.values()].filter(m => m.link.data.open);
    if (open.length === 0) throw new ParleyError('not-connected', 'nobody to send to yet');
    return open.map(m => Object.assign(m.link.data.sendFile(file, name), { peer: m }));
  }

  async hangup() {
    if (this.state === 'ended') return;
    this._end('hung-up');
    try {
      await this.parley.leave(this.room);
    } catch (e) {
      if (!(e instanceof ParleyError)) throw e;
    }
  }

  _add(who, polite) {
    if (this.members.has(who.id) || who.id === this.parley.session || this.state === 'ended') return;
    const peer = new Participant(who);
    this.members.set(peer.id, peer);
    const link = peer._linkUp(this, { polite, send: data => this.parley.signal(this.room, peer.id, data) });
    this._attach(link);
    link.addEventListener('state', () => this._updateState());
    link.data.addEventListener('chat-delivered', e => this._receipt(e.detail.id, peer.id));
    this._emit('peer-joined', { peer });
    this._updateState();
    if (!polite) link.offerNow(); // the newcomer offers to each
  }

  _member(id) {
    // A payload from a member we have not heard join of yet cannot happen (the server orders
    // peer-joined first), but a link made on demand is harmless.
    if (!this.members.has(id)) this._add({ id }, true);
    return this.members.get(id);
  }

  _remove(id) {
    const peer = this.members.get(id);
    if (!peer) return;
    this.members.delete(id);
    peer._unlink(this);
    for (const [chatId, waiting] of this._pendingReceipts) {
      waiting.delete(id);
      if (waiting.size === 0) { this._pendingReceipts.delete(chatId); this._emit('chat-delivered', { id: chatId }); }
    }
    this._emit('peer-left', { peer });
    this._updateState();
  }

  _receipt(chatId, memberId) {
    const waiting = this._pendingReceipts.get(chatId);
    if (!waiting) return;
    waiting.delete(memberId);
    if (waiting.size > 0) return;
    this._pendingReceipts.delete(chatId);
    this._emit('chat-delivered', { id: chatId });
  }

  _updateState() {
    if (this.state === 'ended') return;
    const connected = [...this.members.values()].some(m => m.link.pc.connectionState === 'connected');
    const next = this.members.size === 0 ? 'waiting' : connected ? 'connected' : 'connecting';
    if (next !== this.state) {
      this.state = next;
      this._emit('state', { state: next });
    }
  }

  _end(reason) {
    if (this.state === 'ended') return;
    for (const m of this.members.values()) m._unlink(this);
    this.members.clear();
    this._releaseLocal();
    this.parley._calls.release(this);
    this.parley._forgetPrepared(this.stream);
    this.state = 'ended';
    this._emit('state', { state: 'ended', reason });
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}
