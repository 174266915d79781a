// Local recording of a call with MediaRecorder: the other person's video, and both voices mixed,
// into one WebM file on this device. Nothing is uploaded.

/** Chunks are handed over this often, so a long recording never waits in one piece. */
const TIMESLICE_MS = 1000;

/** Records until stop(), which resolves with the file. */
export class CallRecorder {
  /** @param {MediaStream} remote @param {MediaStream} [local] whose microphone is mixed in */
  constructor(remote, local) {
    this._audio = new AudioContext();
    const mix = this._audio.createMediaStreamDestination();
    for (const stream of [remote, local]) {
      if (stream?.getAudioTracks().length) this._audio.createMediaStreamSource(stream).connect(mix);
    }
    const tracks = [...remote.getVideoTracks(), ...mix.stream.getAudioTracks()];
    this.mimeType = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm']
      .find(t => MediaRecorder.isTypeSupported(t)) ?? '';
    this._recorder = new MediaRecorder(new MediaStream(tracks), this.mimeType ? { mimeType: this.mimeType } : {});
    this._chunks = [];
    this._recorder.ondataavailable = e => { if (e.data.size > 0) this._chunks.push(e.data); };
    this.startedAt = Date.now();
    this._recorder.start(TIMESLICE_MS);
  }

  get recording() { return this._recorder.state === 'recording'; }

  /** @returns {Promise<{blob: Blob, seconds: number}>} */
  stop() {
    return new Promise(resolve => {
      this._recorder.onstop = () => {
        this._audio.close();
        resolve({ blob: new Blob(this._chunks, { type: this.mimeType || 'video/webm' }), seconds: (Date.now() - this.startedAt) / 1000 });
      };
      this._recorder.stop();
    });
  }
}
