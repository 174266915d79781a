// What two people in a call send each other besides media, over RTCDataChannels (seeds 000/004):
// their mic/camera/screen state, chat with delivery receipts, and files in chunks with
// back-pressure, progress, cancel and a SHA-256 check. Nothing of it passes through the server.
import { Sha256 } from './parley-sha256.js';

/** Longest chat message, in characters; a data channel message must stay well under 256 KiB. */
export const MAX_CHAT_CHARS = 4000;
/** File chunk size: large enough to be efficient, well under every browser's message limit. */
const CHUNK_BYTES = 64 * 1024;
/** Stop queueing chunks above this much buffered, resume when it drains below the low mark. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
const LOW_WATER_BYTES = 1024 * 1024;
/** How long a sender whose file channel the receiver closed waits for the receiver's cancel. */
const CLOSED_CHANNEL_GRACE_MS = 3000;
/** A MediaStream id is a UUID; anything much longer is not one. */
const MAX_STREAM_ID_CHARS = 64;

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, '0')).join('');

/**
 * One file on its way, in either direction. Events: 'progress' (detail {bytes, size}), 'done'
 * (detail {ok, sha256, blob?}: blob on the receiving side, ok false if the check failed),
 * 'cancelled' (detail {by: 'me' | 'peer'}).
 */
export class FileTransfer extends EventTarget {
  constructor(data, { id, name, size, type, direction }) {
    super();
    this._data = data;
    Object.assign(this, { id, name, size, type, direction });
    this.bytes = 0;
    /** 'sending' | 'receiving' | 'done' | 'failed' | 'cancelled' */
    this.state = direction === 'out' ? 'sending' : 'receiving';
    this._channel = null;
  }

  cancel() {
    if (this.state !== 'sending' && this.state !== 'receiving') return;
    this._data._control({ t: 'file-cancel', id: this.id });
    this._cancelled('me');
  }

  _cancelled(by) {
    this.state = 'cancelled';
    this._channel?.close();
    this.dispatchEvent(new CustomEvent('cancelled', { detail: { by } }));
  }

  _progress() {
    this.dispatchEvent(new CustomEvent('progress', { detail: { bytes: this.bytes, size: this.size } }));
  }

  _done(ok, sha256, blob) {
    this.state = ok ? 'done' : 'failed';
    this.sha256 = sha256;
    /** The received file (receiving side, when it arrived intact). */
    this.blob = blob;
    this.dispatchEvent(new CustomEvent('done', { detail: { ok, sha256, blob } }));
  }
}

/**
 * The data side of one peer connection. Events: 'remote-state' ({state}: {mic, cam, screen,
 * screenStream}, where screenStream is the id of the stream a screen shared beside the camera is
 * in), 'chat' ({id, text, at}), 'chat-delivered' ({id}), 'file' ({transfer}: an incoming
 * FileTransfer, already under way).
 */
export class CallData extends EventTarget {
  /** @param {RTCPeerConnection} pc @param {RTCDataChannel} control a negotiated channel both sides opened */
  constructor(pc, control) {
    super();
    this.pc = pc;
    this.control = control;
    this.localState = { mic: true, cam: true, screen: false, screenStream: null };
    this.remoteState = null;
    /** @type {Map<string, FileTransfer>} */
    this.transfers = new Map();
    this._early = new Map(); // incoming file channels that came before their announcement
    control.onopen = () => this._control({ t: 'state', ...this.localState });
    control.onmessage = e => this._receive(e.data);
    pc.addEventListener('datachannel', e => this._channel(e.channel));
  }

  get open() { return this.control.readyState === 'open'; }

  /** Tells the other side what this side's mic, camera and screen are doing. */
  setState(change) {
    Object.assign(this.localState, change);
    if (this.open) this._control({ t: 'state', ...this.localState });
  }

  /** Sends a chat message; 'chat-delivered' with the returned id follows when it arrived. */
  chat(text, id = randomId()) {
    if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CHAT_CHARS) {
      throw new RangeError(`a chat message has 1 to ${MAX_CHAT_CHARS} characters`);
    }
    if (!this.open) throw new Error('the call is not connected');
    this._control({ t: 'chat', id, text, at: Date.now() });
    return id;
  }

  /** Sends a File or Blob. @returns {FileTransfer} */
  sendFile(file, name = file.name ?? 'file') {
    if (!this.open) throw new Error('the call is not connected');
    const t = new FileTransfer(this, { id: randomId(), name, size: file.size, type: file.type || 'application/octet-stream', direction: 'out' });
    this.transfers.set(t.id, t);
    this._control({ t: 'file', id: t.id, name: t.name, size: t.size, type: t.type });
    const channel = this.pc.createDataChannel(`file:${t.id}`, { ordered: true });
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
    t._channel = channel;
    channel.onopen = () => this._pump(t, file, channel).catch(e => {
      console.warn('parley: sending a file failed', e);
      if (t.state === 'sending') t.cancel();
    });
    return t;
  }

  async _pump(t, file, channel) {
    const hash = new Sha256();
    for (let at = 0; at < file.size && t.state === 'sending'; at += CHUNK_BYTES) {
      const chunk = await file.slice(at, at + CHUNK_BYTES).arrayBuffer();
      hash.update(chunk);
      if (channel.bufferedAmount > HIGH_WATER_BYTES) {
        await new Promise(resume => {
          channel.addEventListener('bufferedamountlow', resume, { once: true });
          channel.addEventListener('close', resume, { once: true });
        });
      }
      if (t.state !== 'sending') return;
      if (channel.readyState !== 'open') {
        // The receiver closed it: its cancel, on the control channel, ends the transfer (a send
        // now would throw). If none comes (the call dropped, or a receiver that closes without
        // one), this side gives up after a grace period.
        if (!this.open) t.cancel();
        else this._giveUpLater(t);
        return;
      }
      channel.send(chunk);
      t.bytes = at + chunk.byteLength;
      t._progress();
    }
    if (t.state !== 'sending') return;
    t.sha256 = hash.hex();
    this._control({ t: 'file-end', id: t.id, sha256: t.sha256 });
  }

  _giveUpLater(t) {
    const timer = setTimeout(() => t.cancel(), CLOSED_CHANNEL_GRACE_MS);
    const stop = () => clearTimeout(timer);
    t.addEventListener('cancelled', stop, { once: true });
    t.addEventListener('done', stop, { once: true });
  }

  _channel(channel) {
    const m = /^file:([0-9a-f]{16})$/.exec(channel.label);
    if (!m) { channel.close(); return; }
    channel.binaryType = 'arraybuffer';
    const t = this.transfers.get(m[1]);
    if (t && t.direction === 'in') this._receiveInto(t, channel);
    else this._early.set(m[1], channel);
  }

  _receiveInto(t, channel) {
    t._channel = channel;
    t._chunks = [];
    t._hash = new Sha256();
    channel.onmessage = e => {
      if (t.state !== 'receiving') return;
      const chunk = e.data;
      if (!(chunk instanceof ArrayBuffer) || t.bytes + chunk.byteLength > t.size) {
        this._control({ t: 'file-cancel', id: t.id });
        t._cancelled('me');
        return;
      }
      t._chunks.push(chunk);
      t._hash.update(chunk);
      t.bytes += chunk.byteLength;
      t._progress();
      this._finishIfComplete(t);
    };
  }

  /** The last chunk and the sender's digest travel on different channels: whichever is last ends it. */
  _finishIfComplete(t) {
    if (t.state !== 'receiving' || t.bytes !== t.size || t._expected === undefined) return;
    const sha256 = t._hash.hex();
    const ok = sha256 === t._expected;
    const blob = ok ? new Blob(t._chunks, { type: t.type }) : undefined;
    t._chunks = null;
    t._channel.close();
    this._control({ t: 'file-ack', id: t.id, ok });
    t._done(ok, sha256, blob);
  }

  _receive(text) {
    let m;
    try { m = JSON.parse(text); } catch { return; }
    switch (m.t) {
      case 'state':
        this.remoteState = { mic: Boolean(m.mic), cam: Boolean(m.cam), screen: Boolean(m.screen),
          screenStream: typeof m.screenStream === 'string' && m.screenStream.length <= MAX_STREAM_ID_CHARS ? m.screenStream : null };
        this._emit('remote-state', { state: this.remoteState });
        break;
      case 'chat':
        if (typeof m.text !== 'string' || m.text.length > MAX_CHAT_CHARS || typeof m.id !== 'string') return;
        this._control({ t: 'chat-ack', id: m.id });
        this._emit('chat', { id: m.id, text: m.text, at: Number(m.at) || Date.now() });
        break;
      case 'chat-ack':
        this._emit('chat-delivered', { id: m.id });
        break;
      case 'file': {
        if (!/^[0-9a-f]{16}$/.test(m.id) || this.transfers.has(m.id) || !(m.size >= 0)) return;
        const t = new FileTransfer(this, { id: m.id, name: String(m.name).slice(0, 255), size: m.size,
          type: String(m.type || 'application/octet-stream'), direction: 'in' });
        this.transfers.set(t.id, t);
        this._emit('file', { transfer: t });
        const early = this._early.get(t.id);
        if (early) { this._early.delete(t.id); this._receiveInto(t, early); }
        break;
      }
      case 'file-end': {
        const t = this.transfers.get(m.id);
        if (!t || t.direction !== 'in') return;
        t._expected = String(m.sha256);
        this._finishIfComplete(t);
        break;
      }
      case 'file-ack': {
        const t = this.transfers.get(m.id);
        if (t && t.direction === 'out' && t.state === 'sending') { t._channel?.close(); t._done(Boolean(m.ok), t.sha256); }
        break;
      }
      case 'file-cancel': {
        const t = this.transfers.get(m.id);
        if (t && (t.state === 'sending' || t.state === 'receiving')) t._cancelled('peer');
        break;
      }
    }
  }

  _control(message) {
    if (this.open) this.control.send(JSON.stringify(message));
  }

  _emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}
