// Local recording of a call with MediaRecorder: what this side sees and hears of the others, and
// its own voice, mixed into one WebM file on this device. Nothing is uploaded.

/** Chunks are handed over this often, so a long recording never waits in one piece. */
const TIMESLICE_MS = 1000;
/** Several videos (a group, or a camera and a shared screen) are laid out on a canvas this size … */
const GRID_WIDTH = 1280;
const GRID_HEIGHT = 720;
/** … redrawn this often. */
const GRID_FPS = 15;
/** The longest a grid waits for its videos' first pictures before it starts recording anyway. */
const PLAYERS_READY_MS = 2000;
/** How often the sources are looked at again: who joined brings a voice and a picture. */
const RESYNC_MS = 500;
/** After the recorder's stop event, how long it must hand over no more data for the file to be whole … */
const LATE_DATA_MS = 250;
/** … and the longest stop() waits for that. */
const LATE_DATA_MAX_MS = 3000;

/** Records until stop(), which resolves with the file. */
export class CallRecorder {
  /**
   * @param {MediaStream | (() => MediaStream[])} remote what to record: one stream, or a function
   *   read again while recording (members come and go, a screen is shared). One video is recorded
   *   as it is; several, when recording starts, are laid out side by side on a canvas.
   * @param {MediaStream} [local] whose microphone is mixed in
   */
  constructor(remote, local) {
    this._sources = typeof remote === 'function' ? remote : () => [remote];
    this._local = local;
    this._audio = new AudioContext();
    this._mix = this._audio.createMediaStreamDestination();
    this._mixed = new Map(); // audio track → its source node in the mix
    this._syncAudio();
    const videos = this._videoTracks();
    const video = videos.length === 1 ? [videos[0]] : this._grid();
    // VP8 first: the recording is encoded beside the call's own encoders, and VP9 costs several
    // times the CPU for a picture that stays on this device.
    this.mimeType = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm']
      .find(t => MediaRecorder.isTypeSupported(t)) ?? '';
    this._recorder = new MediaRecorder(new MediaStream([...video, ...this._mix.stream.getAudioTracks()]),
      this.mimeType ? { mimeType: this.mimeType } : {});
    this._chunks = [];
    this._onData = null; // while stop() waits for late data
    this._recorder.ondataavailable = e => {
      if (e.data.size > 0) this._chunks.push(e.data);
      this._onData?.();
    };
    this._resync = setInterval(() => this._syncAudio(), RESYNC_MS);
    this.startedAt = Date.now();
    // A grid starts recording once its players show pictures, not with a second of black cells.
    this._started = (videos.length === 1 ? Promise.resolve() : this._playersReady()).then(() => {
      this.startedAt = Date.now();
      this._recorder.start(TIMESLICE_MS);
    });
  }

  get recording() { return this._recorder.state === 'recording'; }

  /**
   * Stops recording.
   * @returns {Promise<{blob: Blob, seconds: number}>} the file; its size is 0 when the browser
   *   recorded nothing
   */
  async stop() {
    await this._started;
    clearInterval(this._resync);
    clearInterval(this._draw);
    for (const v of this._players?.values() ?? []) v.srcObject = null;
    this._stage?.remove();
    const seconds = (Date.now() - this.startedAt) / 1000;
    await new Promise(resolve => {
      this._recorder.onstop = resolve;
      this._recorder.stop();
    });
    await this._lateData();
    this._audio.close();
    return { blob: new Blob(this._chunks, { type: this.mimeType || 'video/webm' }), seconds };
  }

  /**
   * Resolves once the recorder has been quiet for LATE_DATA_MS. The spec hands over the last data
   * before the stop event, but Firefox (153) may hand it over after: when its muxer held the whole
   * recording back waiting for a track that never produced (an audio mix whose AudioContext never
   * ran, as with no sound device), all of it arrives after 'stop', and a file made at 'stop' is empty.
   * @returns {Promise<void>}
   */
  _lateData() {
    return new Promise(resolve => {
      let quiet;
      const done = () => {
        clearTimeout(quiet);
        clearTimeout(limit);
        this._onData = null;
        resolve();
      };
      const limit = setTimeout(done, LATE_DATA_MAX_MS);
      this._onData = () => {
        clearTimeout(quiet);
        quiet = setTimeout(done, LATE_DATA_MS);
      };
      this._onData();
    });
  }

  _videoTracks() {
    return this._sources().flatMap(s => s?.getVideoTracks() ?? []).filter(t => t.readyState === 'live');
  }

  /** Every voice in the sources and this side's microphone, each mixed in once. */
  _syncAudio() {
    const tracks = [...this._sources(), this._local].flatMap(s => s?.getAudioTracks() ?? []).filter(t => t.readyState === 'live');
    for (const [track, node] of this._mixed) {
      if (!tracks.includes(track)) { node.disconnect(); this._mixed.delete(track); }
    }
    for (const track of tracks) {
      if (this._mixed.has(track)) continue;
      const node = this._audio.createMediaStreamSource(new MediaStream([track]));
      node.connect(this._mix);
      this._mixed.set(track, node);
    }
  }

  /** Resolves once every video the grid started with has a picture, or after PLAYERS_READY_MS at most. */
  _playersReady() {
    const since = Date.now();
    return new Promise(resolve => {
      const check = () => {
        if ([...this._players.values()].every(v => v.videoWidth > 0) || Date.now() - since > PLAYERS_READY_MS) resolve();
        else setTimeout(check, 50);
      };
      check();
    });
  }

  /** A canvas showing every video of the sources in a grid, as one track. */
  _grid() {
    const canvas = document.createElement('canvas');
    canvas.width = GRID_WIDTH;
    canvas.height = GRID_HEIGHT;
    const g = canvas.getContext('2d');
    this._players = new Map(); // video track → a <video> playing it, to draw from
    this._stage = Object.assign(document.createElement('div'), { ariaHidden: 'true' });
    this._stage.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:2px;overflow:hidden;opacity:0.01;pointer-events:none';
    document.body.append(this._stage);
    const draw = () => {
      const tracks = this._videoTracks();
      for (const [track, v] of this._players) if (!tracks.includes(track)) { v.srcObject = null; v.remove(); this._players.delete(track); }
      g.fillStyle = '#000';
      g.fillRect(0, 0, GRID_WIDTH, GRID_HEIGHT);
      const cols = Math.ceil(Math.sqrt(tracks.length));
      const rows = Math.ceil(tracks.length / cols) || 1;
      const w = GRID_WIDTH / cols;
      const h = GRID_HEIGHT / rows;
      tracks.forEach((track, i) => {
        let v = this._players.get(track);
        if (!v) {
          v = Object.assign(document.createElement('video'), { muted: true, playsInline: true, srcObject: new MediaStream([track]) });
          // In the page, if out of sight: a browser may not decode frames for a video in no document.
          this._stage.append(v);
          v.play().catch(() => {});
          this._players.set(track, v);
        }
        if (!v.videoWidth) return;
        const scale = Math.min(w / v.videoWidth, h / v.videoHeight); // fit, keeping its shape
        const dw = v.videoWidth * scale;
        const dh = v.videoHeight * scale;
        g.drawImage(v, (i % cols) * w + (w - dw) / 2, Math.floor(i / cols) * h + (h - dh) / 2, dw, dh);
      });
    };
    // Frames are pushed after each drawing rather than sampled: a canvas out of sight may never be
    // painted, and then a sampling capture sees one frame in all.
    const [track] = canvas.captureStream(0).getVideoTracks();
    const frame = () => { draw(); track.requestFrame(); };
    frame();
    this._draw = setInterval(frame, 1000 / GRID_FPS);
    return [track];
  }
}
