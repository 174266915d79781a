// The camera opened before the click. Getting it takes a noticeable part of a call's start (about
// a tenth of a second with a fake camera; real ones take longer), and typing a room name says a
// click is coming. Only where the person has allowed camera and microphone before: nothing here
// may ever make the browser ask. The camera shows in a preview while it is on, and goes off again
// if no call takes it.
import { openMedia } from './parley.js';

/** How long a camera opened ahead stays on for a click that does not come. */
const UNCLAIMED_MS = 30000;

export class CameraWarmer {
  /**
   * @param {HTMLVideoElement} preview where the person sees that the camera is on
   * @param {{ready?: (stream: MediaStream) => void, cooled?: () => void}} [hooks] the camera is on; it went off unused
   */
  constructor(preview, { ready = () => {}, cooled = () => {} } = {}) {
    this.preview = preview;
    this._ready = ready;
    this._cooled = cooled;
    /** The camera being opened or open, for the next call. @type {Promise<MediaStream|null>|null} */
    this.pending = null;
    this._timer = 0;
  }

  /**
   * Opens the camera now, if the person has allowed it already; again, it only restarts the clock.
   * `pending` is set at once, so a click during the permission check takes what this opens.
   */
  async warm() {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this.cool(), UNCLAIMED_MS);
    if (this.pending) return;
    // A failure is the click's to report, when it opens the camera itself.
    const pending = allowed().then(ok => (ok ? openMedia().catch(() => null) : null));
    this.pending = pending;
    const stream = await pending;
    if (this.pending !== pending) return; // taken by a call, or cooled, meanwhile
    if (!stream) { this._forget(); return; }
    this._show(stream);
    this._ready(stream);
  }

  /** The stream opened ahead, now the caller's to keep (null if there is none). */
  async take() {
    const pending = this.pending;
    clearTimeout(this._timer);
    this.pending = null;
    // The preview goes after this task: taking its player down costs the page a few milliseconds
    // that the click's join need not wait for (the home view is hidden by then anyway).
    setTimeout(() => { if (!this.pending) this._show(null); });
    return pending ? await pending : null;
  }

  /** Turns a camera opened ahead off again. */
  cool() {
    const pending = this.pending;
    this._forget();
    pending?.then(stream => { for (const t of stream?.getTracks() ?? []) t.stop(); });
    if (pending) this._cooled();
  }

  _forget() {
    clearTimeout(this._timer);
    this.pending = null;
    this._show(null);
  }

  _show(stream) {
    this.preview.srcObject = stream;
    this.preview.hidden = !stream;
  }
}

async function allowed() {
  try {
    const states = await Promise.all(['camera', 'microphone'].map(name => navigator.permissions.query({ name })));
    return states.every(s => s.state === 'granted');
  } catch {
    return false; // a browser that cannot say: never guess
  }
}
