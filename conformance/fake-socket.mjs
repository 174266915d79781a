// A WebSocket in memory for replaying call.json against the JS SDK: the JS twin of parley-client's
// FakeSockets (README.md, "call.json"). What the SDK sends is written down in the transcript; what
// the scripted server says is handed to the SDK as the browser's WebSocket would: each message in a
// task of its own, after the one before it has settled.
import { queueTask } from './fake-rtc.mjs';

/** The sockets the SDK opened, and what it sent on them, in order. */
export class FakeNetwork {
  /** Client frames and socket events, in order: parsed JSON objects, and {socket: ...} markers. */
  sent = [];
  /** The socket the server talks on: the last one the SDK opened that has not closed. */
  current = null;
  /** How many coming connection attempts are refused. */
  refusing = 0;
  #saved = null;

  install() {
    const network = this;
    this.#saved = globalThis.WebSocket;
    globalThis.WebSocket = class extends FakeWebSocket {
      constructor(url) {
        super(url, network);
      }
    };
  }

  uninstall() {
    globalThis.WebSocket = this.#saved;
  }

  /** The server's frames, back to back (each in its own task). */
  deliver(frames) {
    const ws = this.current;
    if (!ws || ws.readyState !== FakeWebSocket.OPEN) throw new Error('no open connection to deliver to');
    for (const frame of frames) queueTask(() => { if (ws.readyState === FakeWebSocket.OPEN) ws._fire('message', { data: JSON.stringify(frame) }); });
  }

  /** The server (or the network) ends the current connection with `code`. */
  drop(code) {
    const ws = this.current;
    if (!ws) throw new Error('no connection to close');
    this.current = null;
    ws.readyState = FakeWebSocket.CLOSED;
    queueTask(() => ws._fire('close', { code, reason: '', wasClean: code !== 1006 }));
  }
}

class FakeWebSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  constructor(url, network) {
    super();
    this.url = url;
    this.readyState = FakeWebSocket.CONNECTING;
    this._network = network;
    network.sent.push({ socket: 'connect' });
    if (network.refusing > 0) {
      network.refusing--;
      queueTask(() => {
        this.readyState = FakeWebSocket.CLOSED;
        this._fire('error');
        this._fire('close', { code: 1006, reason: '', wasClean: false });
      });
      return;
    }
    network.current = this;
    queueTask(() => {
      if (this.readyState !== FakeWebSocket.CONNECTING) return;
      this.readyState = FakeWebSocket.OPEN;
      this._fire('open');
    });
  }

  send(text) {
    if (this.readyState === FakeWebSocket.CONNECTING) throw new DOMException('still connecting', 'InvalidStateError');
    if (this.readyState !== FakeWebSocket.OPEN) return; // a browser drops it silently
    this._network.sent.push(JSON.parse(text));
  }

  /** The SDK closes: the close handshake completes in a later task, as the server answers it. */
  close(code = 1000, reason = '') {
    if (this.readyState >= FakeWebSocket.CLOSING) return;
    this._network.sent.push({ socket: 'close', code });
    this.readyState = FakeWebSocket.CLOSING;
    if (this._network.current === this) this._network.current = null;
    queueTask(() => {
      this.readyState = FakeWebSocket.CLOSED;
      this._fire('close', { code, reason, wasClean: true });
    });
  }

  _fire(type, props = {}) {
    const event = Object.assign(new Event(type), props);
    this[`on${type}`]?.call(this, event);
    this.dispatchEvent(event);
  }
}
