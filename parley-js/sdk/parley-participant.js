// Someone on the other end of a call, the same object for as long as they are in it: it is the
// `peer` of every call event about them, and holds what arrives from them.
import { PeerLink } from './parley-link.js';
import { CallQuality } from './parley-quality.js';

export class Participant {
  /** @param {{id?: string, name?: string}} who as the server names them */
  constructor({ id, name }) {
    /** Their session id in a room; undefined in a direct call, where the server names people only. */
    this.id = id;
    /** @type {string|undefined} */
    this.name = name;
    /** Their camera and microphone, once tracks arrive. @type {MediaStream|null} */
    this.stream = null;
    /** The screen they share beside their camera, while they do. @type {MediaStream|null} */
    this.screen = null;
    /** What they say their devices are doing, once they did. @type {{mic: boolean, cam: boolean, screen: boolean, screenStream: string|null}|null} */
    this.state = null;
    /** Whether their connection to the server is down for now (the media may flow on meanwhile). */
    this.away = false;
    /** The peer connection with them, once there is one. @type {PeerLink|null} */
    this.link = null;
    /** Its live statistics. @type {CallQuality|null} */
    this.quality = null;
  }

  /**
   * Opens the peer connection with them and reports what comes over it as `call`'s events, each
   * with this participant as `peer` ('chat-delivered' is the call's to report: a group waits for everyone).
   * It takes the link made ahead for its stream and its role (Parley.prepareCall), if one fits,
   * or `offered`, one made ahead whose offer already went to them.
   * @param {EventTarget & {parley: import('./parley.js').Parley, stream: MediaStream}} call
   * @param {{polite: boolean, send: (data: object) => void, offered?: PeerLink|null}} options
   * @returns {PeerLink}
   */
  _linkUp(call, { polite, send, offered = null }) {
    const { parley, stream } = call;
    const prepared = offered ?? parley._takePrepared(stream, polite);
    prepared?.connectTo(send);
    const link = prepared ?? new PeerLink({ polite, iceServers: parley.iceServers, relayOnly: parley.relayOnly, stream, send });
    this.link = link;
    this.quality = new CallQuality(link.pc);
    const emit = (type, detail) => call.dispatchEvent(new CustomEvent(type, { detail: { peer: this, ...detail } }));
    link.addEventListener('remote', e => { this.stream = e.detail.stream; emit('remote', { stream: this.stream }); });
    link.addEventListener('remote-screen', e => { this.screen = e.detail.stream; emit('remote-screen', { stream: this.screen }); });
    this.quality.addEventListener('sample', e => emit('quality', { sample: e.detail.sample }));
    link.data.addEventListener('remote-state', e => { this.state = e.detail.state; emit('remote-state', { state: this.state }); });
    link.data.addEventListener('chat', e => emit('chat', e.detail));
    link.data.addEventListener('file', e => {
      e.detail.transfer.peer = this;
      emit('file', { transfer: e.detail.transfer });
    });
    return link;
  }

  /** Their connection to the server dropped, or came back: `call`'s peer-away or peer-back. */
  _setAway(call, away) {
    this.away = away;
    call.dispatchEvent(new CustomEvent(away ? 'peer-away' : 'peer-back', { detail: { peer: this } }));
  }

  /** There again after a server restart, which sends no peer-back for the time before it. */
  _backAfterRestart(call) {
    if (this.away) this._setAway(call, false);
  }

  /** Closes the peer connection; a screen of theirs still shown is reported gone. */
  _unlink(call) {
    if (this.screen) {
      this.screen = null;
      call.dispatchEvent(new CustomEvent('remote-screen', { detail: { peer: this, stream: null } }));
    }
    this.quality?.stop();
    this.quality = null;
    this.link?.close();
    this.link = null;
  }
}
