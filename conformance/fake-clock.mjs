// A clock that moves only when told to: replaces setTimeout/clearTimeout and setInterval/
// clearInterval while a case runs, so the SDK's timers (PeerLink's 3 s and 4 s, Parley's back-off
// and acknowledgements, quality samples) fire in a `wait` step without any time passing.
// (node:test's mock timers would do the same, but their API differs between Node 18 and 20 and is
// still experimental.)

/** Bound on the timers one advance() fires. */
const MAX_FIRED = 10_000;

export class FakeClock {
  now = 0;
  #timers = new Map(); // id → {at, fn, args, every}, in the order they were (re)armed
  #next = 1;
  #saved = null;

  install() {
    const { setTimeout, clearTimeout, setInterval, clearInterval } = globalThis;
    this.#saved = { setTimeout, clearTimeout, setInterval, clearInterval };
    const set = every => (fn, ms = 0, ...args) => {
      const id = this.#next++;
      const delay = Math.max(every ? 1 : 0, Number(ms) || 0);
      this.#timers.set(id, { at: this.now + delay, fn, args, every: every ? delay : 0 });
      return id;
    };
    const clear = id => { this.#timers.delete(id); };
    Object.assign(globalThis, { setTimeout: set(false), clearTimeout: clear, setInterval: set(true), clearInterval: clear });
  }

  uninstall() {
    if (this.#saved) Object.assign(globalThis, this.#saved);
    this.#saved = null;
  }

  /** Lets `ms` pass: fires the timers due, earliest first, each followed by `settle()` (each is a task). */
  async advance(ms, settle) {
    const end = this.now + ms;
    for (let fired = 0; fired < MAX_FIRED; fired++) {
      let due = null;
      for (const [id, t] of this.#timers) if (t.at <= end && (due === null || t.at < due[1].at)) due = [id, t];
      if (due === null) {
        this.now = end;
        return;
      }
      const [id, t] = due;
      this.now = t.at;
      this.#timers.delete(id);
      // An interval is armed again under its id, after the timers set so far (ties go by arming
      // order, as in parley-client's ManualLoop).
      if (t.every) this.#timers.set(id, { ...t, at: t.at + t.every });
      t.fn(...t.args);
      await settle();
    }
    throw new Error(`more than ${MAX_FIRED} timers fired in ${ms} ms`);
  }
}
