// What a call's page does once the call is set up, not while: the offer, the answer and the first
// frame go through the same main thread.
import { CallEvent } from './parley.js';

/** How long after connecting the page does what the call's start did not need. */
const AFTER_CONNECTED_MS = 1000;

/**
 * Runs `fn` once the call is no longer being set up: at once if it waits for someone or is over,
 * a moment after it connects (past its first frames). What the click needs comes first: changing
 * the address (a navigation: style, the icon fetched again) and filling the device menus take the
 * page tens of milliseconds, which the offer, the answer and the first frame would wait behind.
 */
export function afterSetUp(c, fn) {
  const settingUp = state => state === 'new' || state === 'connecting';
  if (!settingUp(c.state)) { fn(); return; }
  const settled = e => {
    if (settingUp(e.detail.state)) return;
    c.removeEventListener(CallEvent.STATE, settled);
    if (e.detail.state === 'connected') setTimeout(fn, AFTER_CONNECTED_MS);
    else fn();
  };
  c.addEventListener(CallEvent.STATE, settled);
}
