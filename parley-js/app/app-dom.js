// Small helpers the app's modules share.

export const $ = id => document.getElementById(id);

/** Shows a message (plain text, or prepared nodes for one with a link); empty text hides it. */
export function notify(text, nodes = null) {
  if (nodes) $('notice-text').replaceChildren(...nodes);
  else $('notice-text').textContent = text ?? '';
  $('notice').hidden = !text && !nodes;
}

/**
 * Plays `stream` (null: nothing) in a video element. The stream it plays already is not set again:
 * that would set the element up again (a blink, and tens of milliseconds of the page's time), and a
 * stream that gains a track is reported again as the same object.
 */
export function showStream(video, stream) {
  if (video.srcObject !== stream) video.srcObject = stream;
}

export function setToggle(id, pressed, offLabel, onLabel) {
  $(id).setAttribute('aria-pressed', String(pressed));
  $(id).textContent = pressed ? onLabel : offLabel;
}

export function formatBytes(n) {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}


/** Puts the room's shareable link in the invitation (shown while the room has a free seat) and the address bar. */
export function showRoomLink(room) {
  const link = `${location.origin}/r/${encodeURIComponent(room)}`;
  $('share-link').textContent = link;
  $('share-link').href = link;
  history.replaceState(null, '', `/r/${encodeURIComponent(room)}`);
}

/**
 * How another person's microphone, camera and screen are described: in words of their own, never
 * in those of this side's buttons ("Camera off" is what this side's button does).
 */
export function remoteStateWords(name) {
  return {
    mic: name ? `${name} is muted` : 'They are muted',
    cam: name ? `${name}'s camera is off` : 'Their camera is off',
    screen: name ? `${name} is sharing their screen` : 'They are sharing their screen',
  };
}
