// What this side of a call sends, shared by one-to-one and group calls: its camera and microphone
// (on/off, switched mid-call), its screen (instead of or beside the camera) and its send settings,
// applied to every peer connection the call has now and makes later.
import { applyMaxBitrate, applyCodecPreference } from './parley-media.js';
import { ParleyError } from './parley-error.js';

/**
 * Base of MediaCall and GroupCall; subclasses say which links they have (`links`) and hand each
 * new one to `_attach`. Events: 'local-track' ({track}: the track this side now sends after a
 * device switch or a screen share replacing the camera); 'local-screen' ({stream}: a screen shared
 * beside the camera, null when it stops).
 */
export class LocalSide extends EventTarget {
  /** @param {MediaStream} stream camera and microphone */
  constructor(stream) {
    super();
    this.stream = stream;
    /**
     * What this side tells the other(s) about its devices; `screenStream` names the stream of a
     * screen shared beside the camera (the far side tells it from the camera by that id).
     */
    this.localState = { mic: true, cam: true, screen: false, screenStream: null };
    /** Send settings, kept for every peer connection of this call. */
    this.maxBitrateKbps = null;
    this.preferredCodec = null;
    this._camera = null; // the camera put aside while the screen replaces it
    this._beside = null; // {track, stream} while the screen is shared beside the camera
  }

  /** @returns {import('./parley-link.js').PeerLink[]} the call's current peer connections */
  get links() { return []; }

  setMicEnabled(on) {
    for (const t of this.stream.getAudioTracks()) t.enabled = on;
    this._tell({ mic: on });
  }

  setCameraEnabled(on) {
    if (this._camera) this._camera.enabled = on; // while the screen replaces it, the screen stays on
    else for (const t of this.stream.getVideoTracks()) t.enabled = on;
    this._tell({ cam: on });
  }

  /**
   * Caps the video this side sends, in kbit/s (null: no cap), without renegotiating; it holds for
   * later connections of this call too.
   */
  async setMaxBitrate(kbps) {
    this.maxBitrateKbps = kbps ?? null;
    for (const link of this.links) await applyMaxBitrate(link.pc, this.maxBitrateKbps);
  }

  /**
   * Prefers a video codec ('video/VP9', 'video/H264', … as RTCRtpSender.getCapabilities lists;
   * null for the browser's default) and renegotiates so it takes effect.
   */
  async preferCodec(mimeType) {
    this.preferredCodec = mimeType ?? null;
    for (const link of this.links) {
      if (applyCodecPreference(link.pc, this.preferredCodec)) await link.renegotiate();
    }
  }

  /** Switches to another camera mid-call, without renegotiating (RTCRtpSender.replaceTrack). */
  async switchCamera(deviceId) {
    const track = await capture('video', deviceId);
    if (this._camera) { // the screen replaces the camera: the new camera waits for the share to end
      this._camera.stop();
      track.enabled = this.localState.cam;
      this._camera = track;
      return;
    }
    await this._replace(track);
  }

  /** Switches to another microphone mid-call, without renegotiating. */
  async switchMicrophone(deviceId) {
    await this._replace(await capture('audio', deviceId));
  }

  /**
   * Shares a screen (a window or tab, as the person picks). Beside the camera (the default), it
   * is a second video the far side shows next to the camera, at the cost of one renegotiation;
   * otherwise it takes the camera's place, without renegotiating. The far side is told either way.
   */
  async shareScreen({ beside = true } = {}) {
    if (this.localState.screen) return;
    let display;
    try {
      display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (e) {
      // NotFoundError: nothing to capture (Firefox with no display server, e.g. headless without
      // DISPLAY); otherwise the person (or a policy) refused or cancelled the picker.
      throw new ParleyError(e.name === 'NotFoundError' ? 'screen-missing' : 'screen-denied', e.message || e.name);
    }
    const screen = display.getVideoTracks()[0];
    screen.addEventListener('ended', () => this.stopSharing()); // the browser's own "Stop sharing"
    this.localState.screen = true;
    if (beside || this.stream.getVideoTracks().length === 0) { // without a camera, nothing to replace
      this._beside = { track: screen, stream: new MediaStream([screen]) };
      for (const link of this.links) this._addScreen(link);
      this._tell({ screen: true, screenStream: this._beside.stream.id });
      this.dispatchEvent(new CustomEvent('local-screen', { detail: { stream: this._beside.stream } }));
      return;
    }
    this._camera = this.stream.getVideoTracks()[0] ?? null;
    await this._replace(screen, { keepOld: true });
    this._tell({ screen: true });
  }

  /** Stops sharing the screen: back to the camera alone. */
  async stopSharing() {
    if (!this.localState.screen) return;
    this.localState.screen = false;
    if (this._beside) {
      const { track } = this._beside;
      this._beside = null;
      for (const link of this.links) link.removeExtraTrack(track);
      track.stop();
      this._tell({ screen: false, screenStream: null });
      this.dispatchEvent(new CustomEvent('local-screen', { detail: { stream: null } }));
      return;
    }
    const camera = this._camera;
    this._camera = null;
    await this._replace(camera);
    this._tell({ screen: false });
  }

  get sharingScreen() { return Boolean(this.localState.screen); }

  /** True while the screen goes out as a second video beside the camera. */
  get sharingBeside() { return this._beside !== null; }

  /** Sets a new peer connection up like the others: the screen if one is shared, the send settings. */
  _attach(link) {
    link.data.setState(this.localState);
    if (this._beside) this._addScreen(link);
    else if (this.preferredCodec) applyCodecPreference(link.pc, this.preferredCodec);
    // Encodings exist only once negotiated, and a shared screen brings a new one: apply after each.
    link.pc.addEventListener('signalingstatechange', () => {
      if (this.maxBitrateKbps && link.pc.signalingState === 'stable') applyMaxBitrate(link.pc, this.maxBitrateKbps).catch(() => {});
    });
  }

  _addScreen(link) {
    link.addExtraTrack(this._beside.track, this._beside.stream);
    if (this.preferredCodec) applyCodecPreference(link.pc, this.preferredCodec);
  }

  /** Puts a track in place of this side's track of the same kind, on the wire and in the local stream. */
  async _replace(track, { keepOld = false } = {}) {
    const kind = track.kind;
    const old = this.stream.getTracks().find(t => t.kind === kind);
    // A shared screen is always on; a camera or microphone follows its button.
    track.enabled = kind === 'audio' ? this.localState.mic : this.localState.screen || this.localState.cam;
    for (const link of this.links) {
      for (const sender of link.pc.getSenders()) {
        // Only the sender of the track replaced: a screen beside the camera has a video sender of its own.
        if (old && sender.track === old) await sender.replaceTrack(track);
      }
    }
    if (old) this.stream.removeTrack(old);
    this.stream.addTrack(track);
    if (old && !keepOld) old.stop();
    this.dispatchEvent(new CustomEvent('local-track', { detail: { track } }));
  }

  _tell(change) {
    Object.assign(this.localState, change);
    for (const link of this.links) link.data.setState(change);
  }

  /** Releases what the call itself opened (a screen, the camera put aside); the stream stays the caller's. */
  _releaseLocal() {
    this._camera?.stop();
    this._camera = null;
    this._beside?.track.stop();
    this._beside = null;
  }
}

async function capture(kind, deviceId) {
  const constraints = kind === 'video' ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } };
  try {
    return (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
  } catch (e) {
    throw new ParleyError(e.name === 'NotReadableError' ? 'media-busy' : 'media-missing', e.message || e.name);
  }
}
