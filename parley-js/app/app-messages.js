// What the app says to a person: every failure in plain words, how a call ended, and how to go on.
import { $, notify } from './app-dom.js';

// Every failure a person can meet, said plainly (functions where the text depends on the error).
export const explain = e => resolveText({
  'insecure-context': 'Your browser only lets https:// pages (and localhost) use the camera.',
  'media-denied': 'Camera or microphone access was blocked. Allow it for this site in the browser\'s settings, then try again.',
  'media-missing': 'No camera or microphone was found. Connect one and try again.',
  'media-busy': 'The camera or microphone is in use by another app. Close it and try again.',
  'unreachable': 'Cannot reach the Parley server. Check that it is running and that you are on the same network.',
  'closed': 'The connection to the Parley server was lost.',
  'name-taken': 'Someone online already uses that name, or one that looks the same. Pick another.',
  'name-required': 'Enter your name first.',
  'not-connected': 'The other person is not connected yet.',
  'screen-denied': 'Screen sharing was cancelled or blocked.',
  'screen-missing': 'This browser found no screen to share.',
  'echo-missing': 'The echo test is not running on this server. Whoever runs the server starts it with ./parley echo.',
  'echo-busy': 'The echo test is busy with someone else. Try again in a minute.',
  'full': () => `${e.message.replace(/^room/, 'Room')}. Try another room name.`,
  'offline': () => `${e.message}.`,
  'busy': () => `${e.message}. Try again later.`,
  'invalid-field': 'That name or room has characters Parley does not allow: use letters and digits (of one script), . _ - and single spaces in names.',
  'field-too-long': 'That is too long: names take up to 32 characters, rooms up to 64.',
}[e?.code] ?? (() => e?.message || String(e)));

function resolveText(text) {
  return typeof text === 'function' ? text() : text;
}

/** Failures the network test can say more about: the connection, the devices, the media path. */
const TESTABLE = new Set(['unreachable', 'closed', 'media-denied', 'media-missing', 'media-busy', 'signaling-lost']);

/** A failure, with a link to the network test where it can tell what is wrong (/test). */
export function notifyFailure(text, code) {
  if (!TESTABLE.has(code)) { notify(text); return; }
  const words = document.createElement('span');
  words.textContent = `${text} `;
  const a = document.createElement('a');
  a.href = '/test';
  a.target = '_blank';
  a.className = 'network-test-link';
  a.textContent = 'Test your network';
  notify(null, [words, a]);
}

/** How a call ended, by the reason the SDK gives. */
export const endings = {
  'peer-hung-up': 'The other person hung up.',
  'peer-disconnected': 'The other person lost their connection.',
  'rejected': 'The call was declined.',
  'no-answer': 'No answer.',
  'signaling-lost': 'The connection to the Parley server was lost.',
};

/** On plain http:// at a LAN address the browser hides the camera: point to the HTTPS address. */
export async function explainInsecure() {
  let port = -1;
  try { port = (await (await fetch('/api/info')).json()).httpsPort; } catch { /* older server or offline */ }
  const text = document.createElement('span');
  text.textContent = explain({ code: 'insecure-context' }) + ' ';
  if (port > 0) {
    const a = document.createElement('a');
    a.href = `https://${location.hostname}:${port}${location.pathname}`;
    a.textContent = `Open ${a.href} instead`;
    const tail = document.createElement('span');
    tail.textContent = ' (if the browser warns about the certificate, choose “Advanced” and continue).';
    notify(null, [text, a, tail]);
  } else {
    text.textContent += 'Open this page over https:// instead.';
    notify(null, [text]);
  }
}

/** The person who hangs up is told so, and offered the way back into a room. */
export function sayLeft(room, echoRoom) {
  const text = document.createElement('span');
  text.textContent = 'You left the call. ';
  if (!room || room === echoRoom) { notify(null, [text]); return; }
  const rejoin = document.createElement('button');
  rejoin.type = 'button';
  rejoin.className = 'quiet';
  rejoin.id = 'rejoin';
  rejoin.textContent = `Rejoin “${room}”`;
  rejoin.addEventListener('click', () => {
    notify('');
    $('room').value = room;
    $('room-form').requestSubmit();
  });
  notify(null, [text, rejoin]);
}
