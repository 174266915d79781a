// A call's peer connection made ahead (Parley.prepareCall), kept until a call that offers takes it.
import { PeerLink } from './parley-link.js';

export class PreparedLink {
  /** @type {{stream: MediaStream, link: PeerLink, welcome: object, tracks: MediaStreamTrack[]}|null} */
  _made = null;

  /** The link made ahead, until a call takes it. @returns {PeerLink|null} */
  get link() { return this._made?.link ?? null; }

  /**
   * Makes one for `stream` with the connection's ICE servers and starts its offer; one at a time.
   * @param {MediaStream} stream @param {{iceServers: RTCIceServer[], relayOnly: boolean, welcome: object}} parley
   */
  make(stream, { iceServers, relayOnly, welcome }) {
    if (this._made?.stream === stream) return;
    this.cancel();
    const link = new PeerLink({ polite: false, iceServers, relayOnly, stream });
    this._made = { stream, link, welcome, tracks: stream.getTracks() };
    link.offerNow();
  }

  cancel() {
    this._made?.link.close();
    this._made = null;
  }

  /** A call with `stream` ended: one made for it that it never took goes too. */
  forget(stream) {
    if (this._made?.stream === stream) this.cancel();
  }

  /**
   * The link for a call that offers first with `stream`, now the call's; else null. Only while it
   * still fits: the same tracks, all live (no device switched since), and the ICE servers of this
   * welcome (TURN credentials expire); one that no longer fits is closed.
   */
  take(stream, welcome) {
    const p = this._made;
    if (!p || p.stream !== stream) return null;
    const tracks = stream.getTracks();
    const fits = p.welcome === welcome && p.link.pc.signalingState !== 'closed' && tracks.length === p.tracks.length
      && tracks.every(t => t.readyState === 'live' && p.tracks.includes(t));
    this._made = null;
    if (fits) return p.link;
    p.link.close();
    return null;
  }
}
