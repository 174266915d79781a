// Two fake engines (../../conformance/fake-rtc.mjs) wired to each other, so that two ends of the
// SDK talk as two browsers would: a channel one side makes arrives open at the other, what is sent
// on it is delivered there in a task of its own, and a close reaches the other end. The
// conformance vectors script the far side instead; these tests run both sides for real.
import { queueTask } from '../../conformance/fake-rtc.mjs';

/** Pairs the data channels `a` and `b` make from now on; `tamper(bytes)` may change binary messages on the way. */
export function wireChannels(a, b, { tamper = null } = {}) {
  const negotiated = new Map(); // id → a channel made by one side, waiting for the other's
  const watch = (from, to) => {
    const create = from.createDataChannel.bind(from);
    from.createDataChannel = (label, options = {}) => {
      const mine = create(label, options);
      if (options.negotiated) {
        const theirs = negotiated.get(options.id);
        if (theirs) {
          negotiated.delete(options.id);
          join(mine, theirs, tamper);
          queueTask(() => { mine._open(); theirs._open(); });
        } else {
          negotiated.set(options.id, mine);
        }
      } else {
        queueTask(() => {
          const theirs = to._peerChannel(label);
          join(mine, theirs, tamper);
          mine._open();
        });
      }
      return mine;
    };
  };
  watch(a, b);
  watch(b, a);
}

function join(x, y, tamper) {
  pipe(x, y, tamper);
  pipe(y, x, tamper);
}

function pipe(from, to, tamper) {
  const send = from.send.bind(from);
  from.send = data => {
    send(data);
    let copy = typeof data === 'string' ? data : from.binary.at(-1).slice();
    const size = typeof copy === 'string' ? Buffer.byteLength(copy) : copy.byteLength;
    if (typeof copy !== 'string' && tamper) copy = tamper(copy);
    queueTask(() => {
      from._drain(Math.max(0, from.bufferedAmount - size));
      if (to.readyState === 'open') to._deliver(typeof copy === 'string' ? copy : copy.buffer);
    });
  };
  const close = from.close.bind(from);
  from.close = () => {
    close();
    if (to.readyState === 'open') to.close();
  };
}

/** Two sides' signaling: what one sends, the other's `handle` gets in a task of its own. */
export function wireSignaling() {
  const ends = {};
  const sent = [];
  return {
    sent,
    send: (from, to) => data => {
      sent.push({ from, ...(data.description ? { description: data.description.type } : { candidate: data.candidate?.candidate ?? null }) });
      const copy = JSON.parse(JSON.stringify(data));
      queueTask(() => ends[to]?.handle(copy));
    },
    attach: (name, link) => { ends[name] = link; },
  };
}
