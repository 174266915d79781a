// One RTCPeerConnection between two people, negotiated with the "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example): either side may start or
// restart negotiation at any time; when both offer at once, the polite side yields.
//
// Two additions, because Chrome can lose the polite side's ICE gathering when it rolls back an
// offer in a collision (the call then never connects): the polite side lets the other offer first
// (its own tracks join through the answer, or through an offer right after), so the first
// exchange never collides; and if ICE still has not started a while after an exchange completed,
// the impolite side restarts it.

import { CallData } from './parley-data.js';

/** Candidates kept while no remote description is set; a real exchange has a handful. */
const MAX_EARLY_CANDIDATES = 64;
/** How long the other side's tracks wait for ICE to connect before they are reported anyway. */
const REMOTE_HOLD_MAX_MS = 2000;
/** How long ICE may stay 'new' after a completed exchange before the impolite side restarts it. */
const ICE_START_TIMEOUT_MS = 3000;
/**
 * How long ICE may stay 'disconnected' before the impolite side restarts it: long enough for a
 * blip (a Wi-Fi hand-over) to heal by itself, much shorter than the browser takes to call it 'failed'.
 */
const ICE_DISCONNECTED_GRACE_MS = 4000;

/**
 * Events: 'remote' ({stream}: the other side's camera and microphone), 'remote-screen' ({stream}:
 * the screen it shares beside its camera, null once it stops), 'state' ({state}: the
 * RTCPeerConnectionState). `data` carries state, chat and files between the two
 * ({@link CallData}).
 */
export class PeerLink extends EventTarget {
  /**
   * @param {{polite: boolean, iceServers: RTCIceServer[], relayOnly?: boolean, stream?: MediaStream, send?: (data: object) => void}} options
   *   send delivers a payload ({description} or {candidate}) to the other side; without it (a link
   *   made before anyone to call is known) payloads wait for connectTo()
   */
  constructor({ polite, iceServers, relayOnly = false, stream, send = null }) {
    super();
    this.polite = polite;
    this._send = send;
    this._unsent = []; // payloads made before there was anyone to send them to
    this._makingOffer = false;
    this._ignoreOffer = false;
    this._applied = Promise.resolve(); // payloads are applied one after another, in arrival order
    /** The last negotiation steps, for diagnosing a call that does not connect. @type {string[]} */
    this.trace = [];
    // Chrome may report new candidates before setLocalDescription() has returned, so before the
    // description they belong to has been sent: such candidates wait here and follow it.
    this._describing = false;
    this._outgoing = [];
    // The last description sent, as its ICE ufrag and its candidates' keys (candidateKey): a
    // candidate already in it is not sent again. Each one the other side adds costs its page a call
    // that waits for the browser's WebRTC thread, busy while a call starts (tens of milliseconds
    // each, bench/call-setup).
    this._described = described('');
    // Candidates that arrive before any remote description (e.g. while an offer is ignored in a
    // collision) are kept and tried again once one is set, rather than lost.
    this._incoming = [];
    /** The other side's camera and microphone. */
    this.remoteStream = new MediaStream();
    /** The screen the other side shares beside its camera, while it does. @type {MediaStream|null} */
    this.remoteScreen = null;
    // Remote tracks by the id of the stream the sender put them in; the camera's stream comes
    // first, a screen's is named in the sender's state (CallData `screenStream`).
    this._remoteStreams = new Map();
    this._extraSenders = new Map(); // track → sender, for what this side adds beside its stream
    // While an offer is answered, the other side's tracks are not reported: the answer goes first
    // (a page's video element takes tens of milliseconds to set up for a stream), and no media can
    // arrive before the answer is out anyway.
    this._holdingRemote = false;
    // The side that offered holds them from its first answer until ICE is through checking (2 s at
    // most), for the same reason: a page busy setting a video element up then takes longer to
    // connect (bench/call-setup, 20 calls: first frame 517 against 566 ms). The side that answers
    // does not: its media starts sooner with its element set up by then (602 against 541 ms).
    this._awaitingIce = false;
    this._iceWait = 0;
    this._watched = new WeakSet(); // remote streams listened to for removed tracks
    // Candidates gathered from the start, not from the first description: a link made ahead to
    // answer has them at hand, so its answer carries them instead of their trickling after it
    // (Chromium; Firefox takes the setting and gathers as before).
    // One transport for everything (max-bundle): one set of candidates to gather, send, add and
    // check, not one per media section until the answer says it bundles (every WebRTC stack
    // Parley talks to does).
    this.pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all', iceCandidatePoolSize: 1,
      bundlePolicy: 'max-bundle' });
    this._answeredOnce = false;
    this._watchdog = 0;
    this.pc.onnegotiationneeded = () => {
      if (this.polite && !this._answeredOnce) { this._note('first offer left to the other side'); return; }
      this._offer();
    };
    this.pc.onsignalingstatechange = () => this._watchIceStart();
    this.pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      if (this._describing) this._outgoing.push(candidate.toJSON());
      else this._sendCandidate(candidate.toJSON());
    };
    this.pc.ontrack = ({ track, streams }) => {
      const id = streams[0]?.id ?? '';
      if (!this._remoteStreams.has(id)) this._remoteStreams.set(id, new Set());
      this._remoteStreams.get(id).add(track);
      if (streams[0] && !this._watched.has(streams[0])) { // a track removed by the other side leaves its stream
        this._watched.add(streams[0]);
        streams[0].addEventListener('removetrack', e => { this._remoteStreams.get(id)?.delete(e.track); this._sortRemote(); });
      }
      this._sortRemote();
    };
    this.pc.onconnectionstatechange = () => {
      this.dispatchEvent(new CustomEvent('state', { detail: { state: this.pc.connectionState } }));
    };
    this._disconnected = 0;
    this.pc.oniceconnectionstatechange = () => {
      const state = this.pc.iceConnectionState;
      if (state !== 'new' && state !== 'checking') this._iceSettled();
      clearTimeout(this._disconnected);
      if (state === 'failed') {
        this._note('ICE failed: restarting it');
        this.pc.restartIce();
      } else if (state === 'disconnected' && !this.polite) {
        this._disconnected = setTimeout(() => {
          if (this.pc.iceConnectionState !== 'disconnected') return;
          this._note(`ICE disconnected for ${ICE_DISCONNECTED_GRACE_MS / 1000} s: restarting it`);
          this.pc.restartIce();
        }, ICE_DISCONNECTED_GRACE_MS);
      }
    };
    for (const track of stream?.getTracks() ?? []) this.pc.addTrack(track, stream);
    // Negotiated with a fixed id, so both sides have it from the first offer without announcing it.
    this.data = new CallData(this.pc, this.pc.createDataChannel('parley', { negotiated: true, id: 0 }));
    this.data.addEventListener('remote-state', () => this._sortRemote());
  }

  /** Sends one more track in a stream of its own (a screen beside the camera); renegotiates. */
  addExtraTrack(track, stream) {
    if (!this._extraSenders.has(track)) this._extraSenders.set(track, this.pc.addTrack(track, stream));
  }

  removeExtraTrack(track) {
    const sender = this._extraSenders.get(track);
    this._extraSenders.delete(track);
    if (sender && this.pc.signalingState !== 'closed') this.pc.removeTrack(sender);
  }

  /**
   * Sorts the remote tracks into the camera stream and the screen stream. A track can arrive before
   * the state that names its stream, so this runs again whenever either changes.
   */
  _sortRemote() {
    if (this._holdingRemote || this._awaitingIce) return;
    const screenId = this.data.remoteState?.screenStream ?? null;
    const live = [...this._remoteStreams].filter(([id, tracks]) => id !== screenId && tracks.size > 0);
    const camera = live[0]?.[1] ?? new Set();
    const shown = new Set(this.remoteStream.getTracks());
    for (const t of shown) if (!camera.has(t)) this.remoteStream.removeTrack(t);
    for (const t of camera) if (!shown.has(t)) this.remoteStream.addTrack(t);
    if (camera.size !== shown.size || [...camera].some(t => !shown.has(t))) {
      this.dispatchEvent(new CustomEvent('remote', { detail: { stream: this.remoteStream } }));
    }
    const screenTracks = screenId ? [...(this._remoteStreams.get(screenId) ?? [])] : [];
    const screen = screenTracks.length ? screenTracks : null;
    const current = this.remoteScreen?.getTracks() ?? null;
    if (String(current?.map(t => t.id)) === String(screen?.map(t => t.id))) return;
    this.remoteScreen = screen ? new MediaStream(screen) : null;
    this.dispatchEvent(new CustomEvent('remote-screen', { detail: { stream: this.remoteScreen } }));
  }

  /**
   * A payload the other side sent. Applied strictly in order: a candidate must not overtake the
   * offer it belongs to while that offer is still being set.
   */
  handle(data) {
    this._applied = this._applied.then(() => this._apply(data));
    return this._applied;
  }

  async _apply({ description, candidate }) {
    try {
      if (description) {
        const collision = description.type === 'offer' && (this._makingOffer || this.pc.signalingState !== 'stable');
        this._ignoreOffer = !this.polite && collision;
        this._note(`recv ${description.type}${collision ? ' (collision' + (this._ignoreOffer ? ', ignored)' : ', yielding)') : ''}`);
        if (this._ignoreOffer) return;
        const answering = description.type === 'offer';
        this._holdingRemote = answering;
        // The first answer only: ICE has never checked before it (a restart's answer, a renegotiation's, goes straight on).
        const firstAnswer = description.type === 'answer' && this.pc.iceConnectionState === 'new' && this.pc.signalingState === 'have-local-offer';
        if (firstAnswer) this._awaitIce();
        try {
          await this.pc.setRemoteDescription(description);
          for (const early of this._incoming.splice(0)) await this._addCandidate(early);
          if (answering) {
            await this._describe();
            this._answeredOnce = true;
          }
        } finally {
          if (answering) {
            this._holdingRemote = false;
            if (this.pc.signalingState !== 'closed') this._sortRemote(); // closed meanwhile: the peer is gone, report nothing
          }
        }
      } else if (candidate) {
        if (!this.pc.remoteDescription) {
          this._note('recv candidate (kept until a description)');
          if (this._incoming.length < MAX_EARLY_CANDIDATES) this._incoming.push(candidate);
          return;
        }
        await this._addCandidate(candidate);
      }
    } catch (e) {
      if (description?.type === 'answer') this._iceSettled(); // nothing to wait for
      this._note(`failed: ${e.name}`);
      console.warn('parley: negotiation step failed', e);
    }
  }

  _note(step) {
    this.trace.push(`${Math.round(performance.now())} ${step} [${this.pc.signalingState}]`);
    if (this.trace.length > 200) this.trace.shift();
  }

  /** After an exchange completes, ICE must start; if it does not (lost candidates), restart it. */
  _watchIceStart() {
    clearTimeout(this._watchdog);
    if (this.polite || this.pc.signalingState !== 'stable' || !this.pc.remoteDescription) return;
    this._watchdog = setTimeout(() => {
      if (this.pc.signalingState === 'closed' || this.pc.iceConnectionState !== 'new') return;
      this._note('ICE did not start: restarting it');
      this.pc.restartIce();
    }, ICE_START_TIMEOUT_MS);
  }

  /** Negotiates again (e.g. after codec preferences changed, which does not by itself). */
  renegotiate() {
    return this._offer();
  }

  /** Holds the other side's tracks back until ICE is through checking (connected, or not) or takes too long. */
  _awaitIce() {
    if (this._awaitingIce) return;
    this._awaitingIce = true;
    this._iceWait = setTimeout(() => this._iceSettled(), REMOTE_HOLD_MAX_MS);
  }

  _iceSettled() {
    clearTimeout(this._iceWait);
    if (!this._awaitingIce) return;
    this._awaitingIce = false;
    if (this.pc.signalingState !== 'closed') this._sortRemote();
  }

  close() {
    clearTimeout(this._watchdog);
    clearTimeout(this._iceWait);
    clearTimeout(this._disconnected);
    this.pc.close();
    for (const tracks of this._remoteStreams.values()) for (const track of tracks) track.stop();
  }

  /** Sets and sends a local description (offer or answer), then the candidates that waited for it. */
  async _describe() {
    this._describing = true;
    try {
      await this.pc.setLocalDescription();
      this._note(`send ${this.pc.localDescription.type}`);
      const description = this.pc.localDescription.toJSON();
      this._described = described(description.sdp ?? '');
      this._deliver({ description });
    } finally {
      this._describing = false;
      for (const c of this._outgoing.splice(0)) this._sendCandidate(c);
    }
  }

  _sendCandidate(candidate) {
    if (this._inDescription(candidate)) { this._note('candidate already in the description sent'); return; }
    this._note('send candidate');
    this._deliver({ candidate });
  }

  /**
   * Whether the description sent holds this candidate: the same foundation, component, transport,
   * priority, address, port and type (the SDP line leaves out what the event's string adds, such
   * as Chromium's `ufrag`).
   */
  _inDescription({ candidate, usernameFragment }) {
    if (!candidate) return false;
    // Of another ICE generation (a restart, an offer rolled back): not the description's, whatever its fields.
    const { ufrag, keys } = this._described;
    if (usernameFragment && ufrag && usernameFragment !== ufrag) return false;
    return keys.has(candidateKey(candidate));
  }

  _deliver(data) {
    if (this._send) this._send(data);
    else if (this._unsent.length < MAX_EARLY_CANDIDATES) this._unsent.push(data); // the description comes first
  }

  /**
   * The offer of a link made ahead, taken out of what waits for connectTo() to go another way (with
   * a join, see Parley.joinCall): as the browser has it now, with the candidates gathered since.
   * Null when no offer waits. @returns {RTCSessionDescriptionInit|null}
   */
  takeUnsentOffer() {
    const local = this.pc.localDescription;
    if (this._send || this._unsent[0]?.description?.type !== 'offer' || local?.type !== 'offer') return null;
    this._unsent.shift();
    this._described = described(local.sdp);
    this._unsent = this._unsent.filter(data => !data.candidate || !this._inDescription(data.candidate));
    return local.toJSON();
  }

  /** An offer taken out that went to nobody: it waits first again. */
  restoreUnsentOffer(description) {
    if (!this._send) this._unsent.unshift({ description });
  }

  /** Gives a link made ahead (see Parley.prepareCall) its other side: what it made meanwhile goes now, in order. */
  connectTo(send) {
    this._send = send;
    for (const data of this._unsent.splice(0)) send(data);
  }

  async _addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
      this._note('recv candidate');
    } catch (e) {
      // A candidate of an offer that lost a collision may not fit the description now in force.
      this._note(`recv candidate failed: ${e.name}`);
      if (!this._ignoreOffer) console.warn('parley: could not add an ICE candidate', e);
    }
  }

  /**
   * The first offer, now, from the side that offers first (a room's newcomer, the caller): without
   * waiting for the browser's 'negotiationneeded', which on a busy page comes up to a few hundred
   * milliseconds after the tracks were added (bench/call-setup). That event, when it comes, finds
   * an offer under way and is not fired, or finds nothing left to negotiate.
   */
  offerNow() {
    if (this.polite || this._makingOffer || this.pc.signalingState !== 'stable' || this.pc.remoteDescription) return;
    this._note('first offer made at once');
    this._offer();
  }

  async _offer() {
    try {
      this._makingOffer = true;
      await this._describe();
    } catch (e) {
      console.warn('parley: could not make an offer', e);
    } finally {
      this._makingOffer = false;
    }
  }
}

/** A description's ICE ufrag and the keys of the candidates in it. */
function described(sdp) {
  const lines = sdp.split(/\r?\n/);
  return {
    ufrag: /a=ice-ufrag:(\S+)/.exec(sdp)?.[1],
    keys: new Set(lines.filter(line => line.startsWith('a=candidate:')).map(line => candidateKey(line.slice(2)))),
  };
}

/**
 * A candidate's identity: its first eight fields (`candidate:<foundation> <component> <transport>
 * <priority> <address> <port> typ <type>`) and a TCP candidate's `tcptype`.
 */
function candidateKey(text) {
  const fields = text.trim().split(/\s+/);
  const tcp = fields.indexOf('tcptype');
  return [...fields.slice(0, 8), ...(tcp >= 0 ? fields.slice(tcp, tcp + 2) : [])].join(' ');
}
