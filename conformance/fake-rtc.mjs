// A WebRTC engine in memory for replaying the conformance vectors against the JS SDK: the JS twin
// of parley-client's FakeRtc (README.md, "The fake engine"). Signaling states as the W3C defines
// them (implicit rollback included), descriptions with predictable SDP ('offer 1', 'answer 2', ...),
// and a log of what the SDK asked of it.
//
// Unlike the Java fake, whose futures complete at once, this one works like a browser: operations
// run one after another on an operations chain and complete in a queued task, and events fire as
// the browser fires them. The queued tasks are this module's own (not the event loop's), so that
// settle() can run them all without any time passing.
import { webcrypto } from 'node:crypto';

/** Tasks the engine queued, oldest first; run by settle(). */
const tasks = [];
/** Bound on the tasks one settle() runs: a vector needs a few hundred at most. */
const MAX_TASKS = 100_000;

/** Queues a task for settle() to run (the fake WebSocket's messages are such tasks too). */
export const queueTask = task => tasks.push(task);
const invalidState = what => new DOMException(what, 'InvalidStateError');
const SDP_TYPES = ['offer', 'answer', 'pranswer', 'rollback'];

/**
 * Lets every promise and queued task settle, as the browser would with no time passing: waits
 * until no microtask is pending (a macrotask turn), runs the engine's next task, and so on until
 * none is left.
 */
export async function settle() {
  for (let run = 0; run < MAX_TASKS; run++) {
    await new Promise(resolve => setImmediate(resolve));
    const task = tasks.shift();
    if (!task) return;
    task();
  }
  throw new Error(`the fake engine did not settle within ${MAX_TASKS} tasks`);
}

/** Runs one queued task once no microtask is pending: a test can stop between two (settle() runs them all). @returns whether one ran */
export async function step() {
  await new Promise(resolve => setImmediate(resolve));
  const task = tasks.shift();
  task?.();
  return Boolean(task);
}

/** Drops the tasks left queued (by a case that failed half-way). */
export function discardTasks() {
  tasks.length = 0;
}

/** An EventTarget that also calls its on<type> handler, as browser objects do. */
class Target extends EventTarget {
  _fire(event, props = {}) {
    if (typeof event === 'string') event = Object.assign(new Event(event), props);
    this[`on${event.type}`]?.call(this, event);
    this.dispatchEvent(event);
  }
}

export class FakeSessionDescription {
  constructor({ type, sdp = '' }) {
    this.type = type;
    this.sdp = sdp;
  }

  toJSON() { return { type: this.type, sdp: this.sdp }; }
}

export class FakeIceCandidate {
  constructor({ candidate = '', sdpMid = null, sdpMLineIndex = null, usernameFragment = null } = {}) {
    Object.assign(this, { candidate, sdpMid, sdpMLineIndex, usernameFragment });
  }

  toJSON() {
    const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = this;
    return { candidate, sdpMid, sdpMLineIndex, usernameFragment };
  }
}

/** A local candidate as the fake reports it (README.md). */
const localCandidate = candidate => new FakeIceCandidate({ candidate, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'u' });

export class FakeDataChannel extends Target {
  constructor(label, { ordered = true, negotiated = false, id = null } = {}) {
    super();
    Object.assign(this, { label, ordered, negotiated, id });
    this.readyState = 'connecting';
    this.binaryType = 'blob';
    this.bufferedAmount = 0;
    this.bufferedAmountLowThreshold = 0;
    /** What was sent: text messages, and binary ones as byte copies. */
    this.sent = [];
    this.binary = [];
  }

  send(data) {
    if (this.readyState !== 'open') throw invalidState(`channel ${this.label} is ${this.readyState}`);
    if (typeof data === 'string') {
      this.sent.push(data);
      this.bufferedAmount += Buffer.byteLength(data);
      return;
    }
    let bytes;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data.slice(0));
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    else throw new TypeError('the fake channel sends strings, ArrayBuffers and views');
    this.binary.push(bytes);
    this.bufferedAmount += bytes.byteLength;
  }

  close() {
    if (this.readyState === 'closing' || this.readyState === 'closed') return;
    this.readyState = 'closing';
    queueTask(() => {
      this.readyState = 'closed';
      this._fire('close');
    });
  }

  // What the engine does to the channel (the replayer's steps).

  _open() {
    this.readyState = 'open';
    this._fire('open');
  }

  /** A message from the other side: text, or an ArrayBuffer handed over as binaryType says. */
  _deliver(data) {
    if (data instanceof ArrayBuffer && this.binaryType === 'blob') data = new Blob([data]);
    this._fire(new MessageEvent('message', { data }));
  }

  /** The buffered amount drops to `to`; 'bufferedamountlow' only when it crosses the threshold. */
  _drain(to) {
    const before = this.bufferedAmount;
    this.bufferedAmount = to;
    if (before > this.bufferedAmountLowThreshold && to <= this.bufferedAmountLowThreshold) this._fire('bufferedamountlow');
  }
}

export class FakeMediaStream extends EventTarget {
  constructor(tracks = []) {
    super();
    this.id = crypto.randomUUID();
    this._tracks = new Set(tracks);
  }

  getTracks() { return [...this._tracks]; }
  getAudioTracks() { return this.getTracks().filter(t => t.kind === 'audio'); }
  getVideoTracks() { return this.getTracks().filter(t => t.kind === 'video'); }
  addTrack(track) { this._tracks.add(track); }
  removeTrack(track) { this._tracks.delete(track); }
}

export class FakePeerConnection extends Target {
  constructor(configuration = {}) {
    super();
    this.configuration = configuration;
    /** What the SDK did, in order: 'setLocalDescription offer', 'addIceCandidate c1', ... */
    this.log = [];
    /** The channels this side made, in order. */
    this.channels = [];
    this.signalingState = 'stable';
    this.iceConnectionState = 'new';
    this.iceGatheringState = 'new';
    this.connectionState = 'new';
    this.pendingLocalDescription = null;
    this.currentLocalDescription = null;
    this.pendingRemoteDescription = null;
    this.currentRemoteDescription = null;
    /** A candidate the engine reports while the next local description is being set. */
    this.candidateWhileDescribing = null;
    this._descriptions = 0;
    this._senders = [];
    this._chain = Promise.resolve();
  }

  get localDescription() { return this.pendingLocalDescription ?? this.currentLocalDescription; }
  get remoteDescription() { return this.pendingRemoteDescription ?? this.currentRemoteDescription; }

  /** Runs `step` in a queued task once every earlier operation is done (the operations chain). */
  _operation(step) {
    if (this.signalingState === 'closed') return Promise.reject(invalidState('closed'));
    const done = this._chain.then(() => new Promise((resolve, reject) => queueTask(() => {
      try { step(resolve, reject); } catch (e) { reject(e); }
    })));
    this._chain = done.catch(() => {});
    return done;
  }

  setLocalDescription() {
    return this._operation((resolve, reject) => {
      const state = this.signalingState;
      const type = state === 'stable' || state === 'have-local-offer' ? 'offer' : state === 'have-remote-offer' ? 'answer' : null;
      if (!type) { reject(invalidState(`no description to make in ${state}`)); return; }
      const d = new FakeSessionDescription({ type, sdp: `${type} ${++this._descriptions}` });
      this.log.push(`setLocalDescription ${type}`);
      const apply = () => {
        if (type === 'offer') {
          this.pendingLocalDescription = d;
          this._signal('have-local-offer');
        } else {
          this.currentLocalDescription = d;
          this.currentRemoteDescription = this.pendingRemoteDescription;
          this.pendingRemoteDescription = null;
          this._signal('stable');
        }
        resolve();
      };
      const early = this.candidateWhileDescribing;
      this.candidateWhileDescribing = null;
      if (early === null) { apply(); return; }
      // Chrome may report a candidate before setLocalDescription() has resolved.
      this._reportCandidate(early);
      queueTask(apply);
    });
  }

  setRemoteDescription(description) {
    // The binding layer rejects what is not an RTCSessionDescriptionInit: the engine never sees it.
    if (!description || !SDP_TYPES.includes(description.type)) {
      return Promise.reject(new TypeError(`not a valid RTCSdpType: ${description?.type}`));
    }
    const d = new FakeSessionDescription(description);
    return this._operation((resolve, reject) => {
      const refused = () => {
        this.log.push(`setRemoteDescription ${d.type} refused`);
        reject(invalidState(`${d.type} in ${this.signalingState}`));
      };
      if (d.type === 'offer') {
        if (this.signalingState === 'have-local-offer') this._rollback();
        if (this.signalingState !== 'stable') { refused(); return; }
        this.pendingRemoteDescription = d;
        this._signal('have-remote-offer');
      } else if (d.type === 'answer') {
        if (this.signalingState !== 'have-local-offer') { refused(); return; }
        this.currentRemoteDescription = d;
        this.currentLocalDescription = this.pendingLocalDescription;
        this.pendingLocalDescription = null;
        this._signal('stable');
      } else if (d.type === 'rollback' && this.signalingState === 'have-local-offer') {
        this._rollback();
        resolve();
        return;
      } else {
        refused();
        return;
      }
      this.log.push(`setRemoteDescription ${d.type}`);
      resolve();
    });
  }

  addIceCandidate(init) {
    if (!init || !init.candidate) return Promise.resolve(); // end of candidates
    return this._operation((resolve, reject) => {
      if (!this.remoteDescription) {
        this.log.push(`addIceCandidate ${init.candidate} refused`);
        reject(invalidState('no remote description'));
        return;
      }
      this.log.push(`addIceCandidate ${init.candidate}`);
      resolve();
    });
  }

  /** Logged only: as in the Java fake, no 'negotiationneeded' follows (the vectors fire that themselves). */
  restartIce() {
    this.log.push('restartIce');
  }

  createDataChannel(label, options) {
    const channel = new FakeDataChannel(label, options);
    this.channels.push(channel);
    return channel;
  }

  addTrack(track, ...streams) {
    const sender = { track, streams, replaceTrack: async t => { sender.track = t; } };
    this._senders.push(sender);
    return sender;
  }

  removeTrack(sender) { this._senders = this._senders.filter(s => s !== sender); }
  getSenders() { return [...this._senders]; }
  getReceivers() { return []; }
  getTransceivers() { return []; }
  getStats() { return Promise.resolve(new Map()); }

  close() {
    if (this.signalingState === 'closed') return;
    this.signalingState = 'closed';
    this.iceConnectionState = 'closed';
    this.connectionState = 'closed';
    for (const c of this.channels) if (c.readyState !== 'closed') c.readyState = 'closed';
  }

  // What the engine does by itself (the replayer's steps).

  _negotiationNeeded() { this._fire('negotiationneeded'); }

  _reportCandidate(text) { this._fire('icecandidate', { candidate: localCandidate(text) }); }

  _ice(state) {
    this.iceConnectionState = state;
    this._fire('iceconnectionstatechange');
  }

  _connection(state) {
    this.connectionState = state;
    this._fire('connectionstatechange');
  }

  /** The other side opened channel `label`: it arrives open, through 'datachannel'. */
  _peerChannel(label) {
    const channel = new FakeDataChannel(label);
    channel.readyState = 'open';
    this._fire('datachannel', { channel });
    return channel;
  }

  channel(label) { return this.channels.find(c => c.label === label) ?? null; }

  _rollback() {
    this.log.push('rollback');
    this.pendingLocalDescription = null;
    this._signal('stable');
  }

  _signal(state) {
    this.signalingState = state;
    this._fire('signalingstatechange');
  }
}

/** Installs the fake as the browser globals the SDK modules use (and what Node 18 lacks of the rest). */
export function install() {
  globalThis.crypto ??= webcrypto;
  globalThis.CustomEvent ??= class CustomEvent extends Event {
    constructor(type, { detail = null, ...init } = {}) {
      super(type, init);
      this.detail = detail;
    }
  };
  Object.assign(globalThis, {
    RTCPeerConnection: FakePeerConnection,
    RTCDataChannel: FakeDataChannel,
    RTCSessionDescription: FakeSessionDescription,
    RTCIceCandidate: FakeIceCandidate,
    MediaStream: FakeMediaStream,
  });
}
