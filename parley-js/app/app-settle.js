// What a call's page does once the call is set up, not while: the offer, the answer and the first
// frame go through the same main thread.
import { CallEvent } from './parley.js';

/** How long after connecting the page does what the call's start did not need. */
const AFTER_CONNECTED_MS = 1000;
/** A call that stays in setting up this long (an answer that never comes) gets it done anyway. */
const SETTING_UP_AT_MOST_MS = 5000;

/**
 * Runs `fn` once, when the call is no longer being set up: at once if it waits for someone, a
 * moment after it connects (past its first frames), and after {@link SETTING_UP_AT_MOST_MS} if it
 * is still connecting then; never for a call that is over by then. What the click needs comes
 * first: changing the address (a navigation: style, the icon fetched again) and filling the device
 * menus take the page tens of milliseconds, which the offer, the answer and the first frame would
 * wait behind.
 */
export function afterSetUp(c, fn) {
  const settingUp = state => state === 'new' || state === 'connecting';
  let pending = true;
  let atMost = 0;
  const run = () => {
    if (!pending) return;
    pending = false;
    clearTimeout(atMost);
    c.removeEventListener(CallEvent.STATE, settled);
    if (c.state !== 'ended') fn();
  };
  const settled = e => {
    if (settingUp(e.detail.state)) return;
    c.removeEventListener(CallEvent.STATE, settled);
    if (e.detail.state === 'connected') setTimeout(run, AFTER_CONNECTED_MS);
    else run();
  };
  if (!settingUp(c.state)) { run(); return; }
  atMost = setTimeout(run, SETTING_UP_AT_MOST_MS);
  c.addEventListener(CallEvent.STATE, settled);
}
