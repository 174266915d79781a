// Calls with one other person, in a room or direct, on top of the signaling client and PeerLink.
import { PeerLink } from './parley-link.js';
import { CallQuality } from './parley-quality.js';
import { applyMaxBitrate, applyCodecPreference } from './parley-media.js';
import { ParleyError } from './parley-error.js';

/**
 * A call with one other person. States (the 'state' event, detail {state, reason}):
 * 'waiting' (alone in a room), 'ringing' (direct call not answered yet), 'connecting',
 * 'connected', 'reconnecting' (media path interrupted), 'ended' (reason: 'hung-up', 'peer-hung-up',
 * 'peer-disconnected', 'rejected', 'no-answer', 'signaling-lost'). In a room, a peer leaving sends the
 * call back to 'waiting' with reason 'peer-left'. Other events: 'remote' (detail: MediaStream);
 * 'peer-away' and 'peer-back' (the other side's connection to the server dropped and came back:
 * the media between you may well flow on meanwhile); 'remote-state' (detail {mic, cam, screen}:
 * what the other side says its devices are doing); 'chat' (detail {id, text, at}),
 * 'chat-delivered' (detail {id}); 'file' (detail: an incoming FileTransfer); 'quality' (detail: a
 * QualitySample every second while connected to someone); 'local-track' (detail: the track this
 * side now sends after a device switch or screen share).
 *
 * The call outlives this side's own signaling drops: while the SDK reconnects, the media goes on,
 * and once the session is resumed (or the room rejoined after a server restart, where the peer
 * keeps its id) negotiation continues where it was.
 */
export class MediaCall extends EventTarget {
  /** @param {import('./parley.js').Parley} parley */
  static inRoom(parley, joined, stream) {
    const c = new MediaCall(parley, stream, { room: joined.room });
    if (joined.peers.length > 0) c._connect(joined.peers[0], false); // the newcomer offers
    else c._setState('waiting');
    return c;
  }

  static direct(parley, callId, peerName, stream, { caller }) {
    const c = new MediaCall(parley, stream, { call: callId });
    c.peer = { name: peerName };
    if (caller) c._setState('ringing');
    else c._connect(c.peer, true);
    return c;
  }

  constructor(parley, stream, { room, call }) {
    super();
    this.parley = parley;
    this.stream = stream;
    this.room = room;
    this.call = call;
    this.peer = null;
    this.state = 'new';
    /** What this side tells the other about its devices. */
    this.localState = { mic: true, cam: true, screen: false };
    /** What the other side said about its devices, once it did. */
    this.remoteState = null;
    /** Live statistics of the current peer connection. @type {CallQuality|null} */
    this.quality = null;
    /** Send settings, kept for every peer connection of this call. */
    this.maxBitrateKbps = null;
    this.preferredCodec = null;
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
      const mine = room ? d.room === room && d.peer?.id === this.peer?.id : d.call === call;
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
      on('accepted', e => { if (e.detail.call === call && !this.link) this._connect(this.peer, false); });
      on('rejected', e => { if (e.detail.call === call) this._end('rejected', e.detail.reason); });
      on('timeout', e => { if (e.detail.call === call) this._end('no-answer'); });
      on('hangup', e => {
        if (e.detail.call !== call || e.detail.by === parley.name) return;
        this._end(e.detail.reason === 'disconnected' ? 'peer-disconnected' : 'peer-hung-up');
      });
    }
  }

  /** The RTCPeerConnection while connected to someone (for getStats), else null. */
  get pc() { return this.link?.pc ?? null; }

  setMicEnabled(on) {
    for (const t of this.stream.getAudioTracks()) t.enabled = on;
    this._tell({ mic: on });
  }

  setCameraEnabled(on) {
    if (this._camera) this._camera.enabled = on; // while the screen is shared, the screen stays on
    else for (const t of this.stream.getVideoTracks()) t.enabled = on;
    this._tell({ cam: on });
  }

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

  /**
   * Caps the video this side sends, in kbit/s (null: no cap), without renegotiating; it holds for
   * later connections of this call too.
   */
  async setMaxBitrate(kbps) {
    this.maxBitrateKbps = kbps ?? null;
    if (this.link) await applyMaxBitrate(this.link.pc, this.maxBitrateKbps);
  }

  /**
   * Prefers a video codec ('video/VP9', 'video/H264', … as RTCRtpSender.getCapabilities lists;
   * null for the browser's default) and renegotiates so it takes effect.
   */
  async preferCodec(mimeType) {
    this.preferredCodec = mimeType ?? null;
    if (this.link && applyCodecPreference(this.link.pc, this.preferredCodec)) await this.link.renegotiate();
  }

  /** Switches to another camera mid-call, without renegotiating (RTCRtpSender.replaceTrack). */
  async switchCamera(deviceId) {
    const track = await this._capture('video', deviceId);
    if (this.localState.screen) { // sharing the screen: the new camera waits for the share to end
      this._camera?.stop();
      track.enabled = this.localState.cam;
      this._camera = track;
      return;
    }
    await this._replace(track);
  }

  /** Switches to another microphone mid-call, without renegotiating. */
  async switchMicrophone(deviceId) {
    await this._replace(await this._capture('audio', deviceId));
  }

  /** Sends the screen (a window or tab, as the person picks) instead of the camera; the far side is told. */
  async shareScreen() {
    if (this.localState.screen) return;
    let display;
    try {
      display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (e) {
      throw new ParleyError('screen-denied', e.message || e.name);
    }
    const screen = display.getVideoTracks()[0];
    this._camera = this.stream.getVideoTracks()[0] ?? null;
    screen.addEventListener('ended', () => this.stopSharing()); // the browser's own "Stop sharing"
    this.localState.screen = true;
    await this._replace(screen, { keepOld: true });
    this._tell({ screen: true });
  }

  /** Back to the camera (or to no video, if there was none). */
  async stopSharing() {
    if (!this.localState.screen) return;
    const camera = this._camera;
    this._camera = null;
    this.localState.screen = false;
    if (camera) {
      await this._replace(camera);
    } else {
      for (const screen of this.stream.getVideoTracks()) {
        await this._senderOf(screen)?.replaceTrack(null);
        this.stream.removeTrack(screen);
        screen.stop();
      }
    }
    this._tell({ screen: false });
  }

  get sharingScreen() { return Boolean(this.localState.screen); }

  async _capture(kind, deviceId) {
    const constraints = kind === 'video' ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } };
    try {
      return (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
    } catch (e) {
      throw new ParleyError(e.name === 'NotReadableError' ? 'media-busy' : 'media-missing', e.message || e.name);
    }
  }

  /** Puts a track in place of this side's track of the same kind, on the wire and in the local stream. */
  async _replace(track, { keepOld = false } = {}) {
    const kind = track.kind;
    const old = this.stream.getTracks().find(t => t.kind === kind);
    // A shared screen is always on; a camera or microphone follows its button.
    track.enabled = kind === 'audio' ? this.localState.mic : this.localState.screen || this.localState.cam;
    for (const sender of this.link?.pc.getSenders() ?? []) {
      if (sender.track?.kind === kind) await sender.replaceTrack(track);
    }
    if (old) this.stream.removeTrack(old);
    this.stream.addTrack(track);
    if (old && !keepOld) old.stop();
    this.dispatchEvent(new CustomEvent('local-track', { detail: track }));
  }

  _senderOf(track) {
    return this.link?.pc.getSenders().find(s => s.track === track) ?? null;
  }

  _tell(change) {
    Object.assign(this.localState, change);
    this.link?.data.setState(change);
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
    this.link.addEventListener('remote', e => this.dispatchEvent(new CustomEvent('remote', { detail: e.detail })));
    this.quality = new CallQuality(this.link.pc);
    if (this.preferredCodec) applyCodecPreference(this.link.pc, this.preferredCodec);
    if (this.maxBitrateKbps) {
      const apply = () => applyMaxBitrate(this.link?.pc, this.maxBitrateKbps).catch(() => {});
      this.link.pc.addEventListener('connectionstatechange', apply); // encodings exist once negotiated
    }
    this.quality.addEventListener('sample', e => this.dispatchEvent(new CustomEvent('quality', { detail: e.detail })));
    this.link.data.setState(this.localState);
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
  }

  _signal(m) {
    const mine = this.room ? m.room === this.room && (!this.peer || m.from === this.peer.id) : m.call === this.call;
    if (!mine || this.state === 'ended') return;
    if (this.link) this.link.handle(m.data);
    else this._early.push(m.data);
  }

  _drop() {
    this.quality?.stop();
    this.quality = null;
    this.link?.close();
    this.link = null;
    this.peer = null;
  }

  _end(reason, detail) {
    if (this.state === 'ended') return;
    this._camera?.stop(); // the camera put aside for a screen share
    this._camera = null;
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
 * 'hung-up' or 'no-answer') says the caller gave up or the call timed out first.
 */
export class IncomingCall extends EventTarget {
  constructor(parley, call, from) {
    super();
    this.parley = parley;
    this.call = call;
    this.from = from;
    this.answered = false;
    const cancel = e => {
      if (e.detail.call !== call || this.answered) return;
      this.answered = true;
      this.dispatchEvent(new CustomEvent('cancelled', { detail: e.type === 'timeout' ? 'no-answer' : 'hung-up' }));
    };
    for (const type of ['hangup', 'timeout']) parley.addEventListener(type, cancel);
    this._stop = () => { for (const type of ['hangup', 'timeout']) parley.removeEventListener(type, cancel); };
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
