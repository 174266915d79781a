// A clock that moves only when told to: replaces setTimeout/clearTimeout while a case runs, so the
// SDK's 3 s and 4 s timers fire in a `wait` step without any time passing. (node:test's mock timers
// would do the same, but their API differs between Node 18 and 20 and is still experimental.)

/** Bound on the timers one advance() fires. */
const MAX_FIRED = 10_000;

export class FakeClock {
  now = 0;
  #timers = new Map(); // id → {at, fn, args}, in the order they were set
  #next = 1;
  #saved = null;

  install() {
    this.#saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    globalThis.setTimeout = (fn, ms = 0, ...args) => {
      const id = this.#next++;
      this.#timers.set(id, { at: this.now + Math.max(0, Number(ms) || 0), fn, args });
      return id;
    };
    globalThis.clearTimeout = id => { this.#timers.delete(id); };
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
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn(...due[1].args);
      await settle();
    }
    throw new Error(`more than ${MAX_FIRED} timers fired in ${ms} ms`);
  }
}
