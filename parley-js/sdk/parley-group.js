// A call with everyone in a room as a full mesh: one PeerLink per other member, each negotiated
// through `signal {to}`. Every member sends its media to every other, so this is for small groups
// (a room's capacity, e.g. 4); larger meetings need a media server.
import { PeerLink } from './parley-link.js';
import { LocalSide } from './parley-local.js';
import { CallQuality } from './parley-quality.js';
import { ParleyError } from './parley-error.js';

/**
 * Events: 'member' (detail {peer, stream}: someone's media arrived), 'member-screen' (detail {peer,
 * stream}: the screen someone shares beside their camera; stream null when they stop),
 * 'member-left' (detail {peer}), 'remote-state' (detail {peer, state}), 'chat' (detail {peer, id,
 * text, at}), 'chat-delivered' (detail {id}: every member the message went to has it), 'file'
 * (detail: an incoming FileTransfer, its sender in `peer`), 'quality' (detail {peer, sample}, every
 * second per member), 'peer-away' / 'peer-back' (detail {peer}), 'state' (detail {state}: 'waiting'
 * alone, 'connected' with someone, 'ended' with a reason). Devices, screen sharing (to everyone)
 * and send settings are LocalSide's.
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
    /**
     * The other members, by session id.
     * @type {Map<string, {peer: object, link: PeerLink, stream: MediaStream|null, screen: MediaStream|null, quality: CallQuality}>}
     */
    this.members = new Map();
    this._pendingReceipts = new Map(); // chat id → member ids that have not confirmed yet
    this._off = [];
    const on = (type, handler) => {
      parley.addEventListener(type, handler);
      this._off.push(() => parley.removeEventListener(type, handler));
    };
    const mine = e => e.detail.room === this.room;
    on('signal', e => { if (mine(e)) this._member(e.detail.from, true)?.link.handle(e.detail.data); });
    on('peer-joined', e => { if (mine(e)) this._add(e.detail.peer, true); }); // they offer to us
    on('peer-left', e => { if (mine(e)) this._remove(e.detail.peer.id); });
    for (const type of ['peer-away', 'peer-back']) {
      on(type, e => { if (mine(e) && this.members.has(e.detail.peer.id)) this._emit(type, { peer: e.detail.peer }); });
    }
    // After a server restart the seats were taken again: link up with anyone new; known ids keep their links.
    on('rejoined', e => { if (mine(e)) for (const peer of e.detail.peers) this._add(peer, false); });
    on('room-lost', e => { if (mine(e)) this._end('signaling-lost'); });
    on('close', () => this._end('signaling-lost'));
    for (const peer of joined.peers) this._add(peer, false); // the newcomer offers to each
    this._updateState();
  }

  get links() { return [...this.members.values()].map(m => m.link); }

  /** Sends a chat message to every member. @returns {string} its id, for 'chat-delivered' */
  chat(text) {
    const open = [...this.members.values()].filter(m => m.link.data.open);
    if (open.length === 0) throw new ParleyError('not-connected', 'nobody to chat with yet');
    const id = crypto.randomUUID();
    this._pendingReceipts.set(id, new Set(open.map(m => m.peer.id)));
    for (const m of open) m.link.data.chat(text, id);
    return id;
  }

  /**
   * Sends a file to every member connected now, each over their own link.
   * @param {File|Blob} file @returns {import('./parley-data.js').FileTransfer[]} one per member, `peer` naming them
   */
  sendFile(file, name) {
    const open = [...this.members.values()].filter(m => m.link.data.open);
    if (open.length === 0) throw new ParleyError('not-connected', 'nobody to send to yet');
    return open.map(m => Object.assign(m.link.data.sendFile(file, name), { peer: m.peer }));
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

  _add(peer, polite) {
    if (this.members.has(peer.id) || peer.id === this.parley.session || this.state === 'ended') return;
    const link = new PeerLink({
      polite, iceServers: this.parley.iceServers, relayOnly: this.parley.relayOnly, stream: this.stream,
      send: data => this.parley.signal(this.room, peer.id, data),
    });
    const member = { peer, link, stream: null, screen: null, quality: new CallQuality(link.pc) };
    this.members.set(peer.id, member);
    this._attach(link);
    link.addEventListener('remote', e => {
      member.stream = e.detail;
      this._emit('member', { peer, stream: e.detail });
    });
    link.addEventListener('remote-screen', e => {
      member.screen = e.detail;
      this._emit('member-screen', { peer, stream: e.detail });
    });
    member.quality.addEventListener('sample', e => this._emit('quality', { peer, sample: e.detail }));
    link.data.addEventListener('file', e => this._emit('file', Object.assign(e.detail, { peer })));
    link.addEventListener('state', () => this._updateState());
    link.data.addEventListener('remote-state', e => this._emit('remote-state', { peer, state: e.detail }));
    link.data.addEventListener('chat', e => this._emit('chat', { peer, ...e.detail }));
    link.data.addEventListener('chat-delivered', e => this._receipt(e.detail.id, peer.id));
    this._updateState();
    if (!polite) link.offerNow(); // the newcomer offers to each
  }

  _member(id, create) {
    if (!this.members.has(id) && create) {
      // A payload from a member we have not heard join of yet cannot happen (the server orders
      // peer-joined first), but a link made on demand is harmless.
      this._add({ id }, true);
    }
    return this.members.get(id);
  }

  _remove(id) {
    const member = this.members.get(id);
    if (!member) return;
    this.members.delete(id);
    member.quality.stop();
    member.link.close();
    for (const [chatId, waiting] of this._pendingReceipts) {
      waiting.delete(id);
      if (waiting.size === 0) { this._pendingReceipts.delete(chatId); this._emit('chat-delivered', { id: chatId }); }
    }
    this._emit('member-left', { peer: member.peer });
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
    for (const m of this.members.values()) { m.quality.stop(); m.link.close(); }
    this.members.clear();
    this._releaseLocal();
    for (const off of this._off.splice(0)) off();
    this.state = 'ended';
    this._emit('state', { state: 'ended', reason });
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}
