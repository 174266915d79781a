// The Parley web app: rooms (seeds 000/002) and direct calls by name (seeds 001/003), on the JS SDK.
import { $, notify, setToggle, showRoomLink } from './app-dom.js';
import { addMessage, markDelivered, showTransfer } from './app-chat.js';
import { showQuality } from './app-quality.js';
import { showGroup } from './app-group.js';
import { setUpDevices } from './app-devices.js';
import { setUpRecording } from './app-record.js';
import { Parley, ParleyError, openMedia, videoCodecs, startRingtone, startRingback } from './parley.js';

/** Reconnect attempts (about four seconds) after which a lost server is said to be unreachable. */
const GIVE_NOTICE_AFTER_ATTEMPTS = 4;
/** The other side's signaling is often back within a moment (a server handing its sessions over, a blip) while media flows on. */
const AWAY_NOTICE_AFTER_MS = 2000;
let parley = null;   // the signaling connection, once opened
let stream = null;   // camera and microphone, once granted
let call = null;     // the MediaCall in progress
let ringer = null;   // the ringtone while someone calls
let ringback = null; // the ringback tone while the person we call has not answered
// What the devices and recording modules see of the state above.
const app = { get call() { return call; }, get stream() { return stream; }, attempt };
const devices = setUpDevices(app);
const recording = setUpRecording(app);

// Every failure a person can meet, said plainly (functions where the text depends on the error).
const explain = e => resolveText({
  'insecure-context': 'Your browser only lets https:// pages (and localhost) use the camera.',
  'media-denied': 'Camera or microphone access was blocked. Allow it for this site in the browser\'s settings, then try again.',
  'media-missing': 'No camera or microphone was found. Connect one and try again.',
  'media-busy': 'The camera or microphone is in use by another app. Close it and try again.',
  'unreachable': 'Cannot reach the Parley server. Check that it is running and that you are on the same network.',
  'closed': 'The connection to the Parley server was lost.',
  'name-taken': 'Someone online already uses that name, or one that looks the same. Pick another.',
  'name-required': 'Enter your name first.',
  'not-connected': 'The other person is not connected yet.',
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

const endings = {
  'peer-hung-up': 'The other person hung up.',
  'peer-disconnected': 'The other person lost their connection.',
  'rejected': 'The call was declined.',
  'no-answer': 'No answer.',
  'signaling-lost': 'The connection to the Parley server was lost.',
};

function setBusy(busy) {
  for (const id of ['join', 'go-online', 'echo-test']) $(id).disabled = busy;
}

/** The room `./parley echo` waits in by default. */
const ECHO_ROOM = 'echo';

async function connect(withName) {
  const name = $('name').value.trim();
  if (withName && !name) throw new ParleyError('name-required', 'enter your name first');
  if (parley?.connected && (!withName || parley.name)) return parley;
  parley?.close();
  // ?relay=1: media only through the TURN relay, hiding this device's addresses from the other side.
  parley = new Parley({ name: name || undefined, relayOnly: new URLSearchParams(location.search).has('relay') });
  parley.addEventListener('presence', renderPeople);
  parley.addEventListener('incoming', e => ring(e.detail));
  parley.addEventListener('reconnecting', e => {
    $('connection').textContent = 'reconnecting…';
    document.body.dataset.signaling = 'reconnecting';
    const during = call ? ' Your call goes on meanwhile.' : '';
    if (e.detail.attempt === 1) notify(`Lost the connection to the server. Reconnecting…${during}`);
    if (e.detail.attempt === GIVE_NOTICE_AFTER_ATTEMPTS) notify(`Cannot reach the Parley server. Still trying…${during}`);
  });
  const back = () => {
    $('connection').textContent = parley.name ? `online as ${parley.name}` : 'connected';
    document.body.dataset.signaling = 'connected';
    notify('');
  };
  parley.addEventListener('resumed', back);
  parley.addEventListener('restored', back);
  parley.addEventListener('close', () => {
    document.body.dataset.signaling = 'closed';
    $('connection').textContent = 'offline';
    $('go-online').hidden = false;
    $('people').replaceChildren();
    if (!call) notify(explain({ code: 'closed' }));
  });
  try {
    await parley.connect();
  } catch (e) {
    parley = null;
    throw e;
  }
  if (name) localStorage.setItem('parley.name', name);
  $('connection').textContent = parley.name ? `online as ${parley.name}` : 'connected';
  document.body.dataset.signaling = 'connected';
  $('go-online').hidden = Boolean(parley.name);
  return parley;
}

async function media() {
  if (!stream) stream = await openMedia();
  $('local').srcObject = stream;
  return stream;
}

function renderPeople() {
  const names = [...parley.online].sort((a, b) => a.localeCompare(b));
  $('people').replaceChildren(...names.map(name => {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = name;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Call';
    button.setAttribute('aria-label', `Call ${name}`);
    button.addEventListener('click', () => attempt(async () => show(await parley.call(name, await media()))));
    li.append(label, button);
    return li;
  }));
  $('people-empty').hidden = names.length > 0;
}

function show(c) {
  call = c;
  notify('');
  $('home').hidden = true;
  $('call').hidden = false;
  $('share').hidden = true;
  if (c.room) showRoomLink(c.room);
  c.addEventListener('remote', e => { $('remote').srcObject = e.detail; });
  let away = null;
  c.addEventListener('peer-away', () => {
    clearTimeout(away);
    away = setTimeout(() => notify(`${c.peer?.name ?? 'The other person'} lost their connection to the server; waiting for them to come back…`),
      AWAY_NOTICE_AFTER_MS);
  });
  c.addEventListener('peer-back', () => { clearTimeout(away); notify(''); });
  c.addEventListener('state', e => { if (e.detail.state === 'ended') clearTimeout(away); });
  c.addEventListener('state', e => update(c, e.detail));
  c.addEventListener('remote-state', e => showRemoteState(e.detail));
  c.addEventListener('chat', e => addMessage(e.detail.text, false));
  c.addEventListener('chat-delivered', e => markDelivered(e.detail.id));
  c.addEventListener('remote-screen', e => showSharedScreen(e.detail));
  c.addEventListener('file', e => showTransfer(e.detail));
  c.addEventListener('quality', e => showQuality(c.quality, e.detail));
  $('quality').hidden = true;
  showRemoteState(null);
  prepareLocal(c);
  update(c, { state: c.state });
}

/** What one-to-one and group calls share on this page: this side's devices, screen, settings, chat list. */
function prepareLocal(c) {
  c.addEventListener('local-track', e => {
    setToggle('screen', c.sharingScreen, 'Share screen', 'Stop sharing');
    // A camera that is unplugged ends its track: fall back to whichever camera is left.
    if (e.detail.kind === 'video' && !c.sharingScreen) devices.watchUnplug(c, e.detail);
    if (e.detail.kind === 'audio') devices.watchUnplug(c, e.detail);
    devices.refresh().catch(() => {});
  });
  c.addEventListener('local-screen', () => setToggle('screen', c.sharingScreen, 'Share screen', 'Stop sharing'));
  for (const t of c.stream.getTracks()) devices.watchUnplug(c, t);
  devices.refresh().catch(() => {});
  $('recording').hidden = true;
  if ($('max-bitrate').value) c.setMaxBitrate(Number($('max-bitrate').value));
  if ($('codec').value) c.preferCodec($('codec').value);
  $('messages').replaceChildren();
  $('transfers').replaceChildren();
}

/** The other side's screen, shared beside its camera, takes the stage while it lasts. */
function showSharedScreen(screen) {
  $('remote-shared').srcObject = screen;
  $('remote-shared').hidden = !screen;
  document.querySelector('.stage').classList.toggle('with-screen', Boolean(screen));
}

/** The other side's mic and camera as it reports them (not guessed from the media). */
function showRemoteState(state) {
  $('remote-muted').hidden = !state || state.mic;
  $('remote-cam-off').hidden = !state || state.cam || (state.screen && !state.screenStream); // a screen in its place
  $('remote-screen').hidden = !state || !state.screen;
}

$('screen').addEventListener('click', () => call && attempt(async () => {
  if (call.sharingScreen) await call.stopSharing();
  else await call.shareScreen({ beside: $('screen-mode').value !== 'instead' });
}));

function update(c, { state, reason }) {
  const who = c.peer?.name ?? 'the other person';
  const label = {
    waiting: `Waiting for someone to join “${c.room}”…`,
    ringing: `Ringing ${who}…`,
    connecting: `Connecting to ${who}…`,
    connected: '',
    reconnecting: 'Connection interrupted, reconnecting…',
  }[state];
  $('call-state').textContent = label ?? '';
  document.body.dataset.callState = state;
  if (state === 'ringing' && !ringback) ringback = startRingback();
  if (state !== 'ringing') { ringback?.stop(); ringback = null; }
  if (state === 'waiting' && reason === 'peer-left') {
    $('remote').srcObject = null;
    notify(`${who === 'the other person' ? 'The other person' : who} left the call.`);
  }
  if (state === 'connected') notify('');
  if (state === 'ended') {
    if (endings[reason]) notify(endings[reason]);
    leaveCall();
  }
}

function leaveCall() {
  $('remote').hidden = false;
  $('tiles').hidden = true;
  $('tiles').replaceChildren();
  document.querySelector('.stage').classList.remove('group');
  showSharedScreen(null);
  $('remote-badges').hidden = false;
  setToggle('screen', false, 'Share screen', 'Stop sharing');
  recording.stop(); // keeps what was recorded
  call = null;
  $('remote').srcObject = null;
  for (const t of stream?.getTracks() ?? []) t.stop();
  stream = null;
  $('call').hidden = true;
  $('home').hidden = false;
  setToggle('mic', false, 'Mute', 'Unmute');
  setToggle('cam', false, 'Camera off', 'Camera on');
  if (location.pathname !== '/') history.replaceState(null, '', '/');
}

function ring(incoming) {
  $('caller').textContent = incoming.from;
  $('incoming').showModal();
  ringer?.stop(); // a previous ring that was never closed must not play on under this one
  ringer = startRingtone();
  const title = document.title;
  document.title = `${incoming.from} is calling… – Parley`; // seen on a tab in the background
  const close = () => { ringer?.stop(); ringer = null; $('incoming').close(); document.title = title; };
  $('accept').onclick = () => { close(); attempt(async () => show(await incoming.accept(await media()))); };
  $('decline').onclick = () => { close(); attempt(() => incoming.reject()); };
  incoming.addEventListener('cancelled', () => {
    close();
    notify(`Missed call from ${incoming.from}.`);
  });
}

/** Runs an action, turning any failure into a message instead of a silent console error. */
async function attempt(action) {
  setBusy(true);
  try {
    await action();
  } catch (e) {
    if (e?.code === 'insecure-context') await explainInsecure();
    else notify(explain(e));
    if (call === null && stream) { for (const t of stream.getTracks()) t.stop(); stream = null; }
  } finally {
    setBusy(false);
  }
}

/** On plain http:// at a LAN address the browser hides the camera: point to the HTTPS address. */
async function explainInsecure() {
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

$('room-form').addEventListener('submit', e => {
  e.preventDefault();
  const room = $('room').value.trim();
  attempt(async () => {
    // The camera and the server connection do not wait for each other.
    const [s] = await Promise.all([media(), connect(false)]);
    // Rooms for more than two are full meshes, one tile per person; rooms of two, a one-to-one call.
    if (parley.welcome.limits.roomCapacity > 2) {
      call = await parley.joinGroup(room, s);
      showGroup(call, leaveCall);
      prepareLocal(call);
    }
    else show(await parley.joinCall(room, s));
  });
});
// The echo test: a call with the bot `./parley echo` runs, which sends back what it receives.
$('echo-form').addEventListener('submit', e => {
  e.preventDefault();
  attempt(async () => {
    const [s] = await Promise.all([media(), connect(false)]);
    let c;
    try {
      c = await parley.joinCall(ECHO_ROOM, s);
    } catch (err) {
      if (err?.code === 'full') throw new ParleyError('echo-busy', 'the echo test is busy');
      throw err;
    }
    if (c.state === 'waiting') { // nobody in the room: the bot is not running
      await c.hangup();
      for (const t of s.getTracks()) t.stop();
      stream = null;
      throw new ParleyError('echo-missing', 'the echo test is not running');
    }
    show(c);
    $('share').hidden = true; // nobody to invite to the echo test
  });
});
$('online-form').addEventListener('submit', e => {
  e.preventDefault();
  attempt(async () => { await connect(true); renderPeople(); });
});
$('hangup').addEventListener('click', () => { const c = call; leaveCall(); c?.hangup(); });
$('mic').addEventListener('click', () => {
  const muted = $('mic').getAttribute('aria-pressed') !== 'true';
  call?.setMicEnabled(!muted);
  setToggle('mic', muted, 'Mute', 'Unmute');
});
$('cam').addEventListener('click', () => {
  const off = $('cam').getAttribute('aria-pressed') !== 'true';
  call?.setCameraEnabled(!off);
  setToggle('cam', off, 'Camera off', 'Camera on');
});
$('copy').addEventListener('click', () => navigator.clipboard?.writeText($('share-link').href));
$('chat-form').addEventListener('submit', e => {
  e.preventDefault();
  const text = $('chat-text').value.trim();
  if (!text || !call) return;
  attempt(async () => {
    const id = call.chat(text);
    addMessage(text, true, id);
    $('chat-text').value = '';
  });
});
for (const mime of videoCodecs()) {
  const option = document.createElement('option');
  option.value = mime;
  option.textContent = mime.replace('video/', '');
  $('codec').append(option);
}
$('max-bitrate').addEventListener('change', () => call && attempt(() => call.setMaxBitrate(Number($('max-bitrate').value) || null)));
$('codec').addEventListener('change', () => call && attempt(() => call.preferCodec($('codec').value || null)));


/** Sends a file to the other person (or to everyone in a group), shown with its progress. */
function sendFile(file, name) {
  const sent = call.sendFile(file, name); // a group call sends one to each member
  for (const t of [sent].flat()) showTransfer(t);
  return sent;
}
$('file').addEventListener('change', () => {
  for (const file of $('file').files) attempt(async () => sendFile(file));
  $('file').value = '';
});
$('notice-close').addEventListener('click', () => notify(''));

$('name').value = localStorage.getItem('parley.name') ?? '';
if (!window.isSecureContext) explainInsecure();
const linked = location.pathname.match(/^\/r\/([^/]+)$/);
if (linked) {
  $('room').value = decodeURIComponent(linked[1]);
  if (window.isSecureContext) $('room-form').requestSubmit();
}

// For tests and debugging: the live objects behind the page.
window.parleyApp = {
  get parley() { return parley; }, get call() { return call; }, get stream() { return stream; },
  get ringer() { return ringer; }, get ringback() { return ringback; }, sendFile,
};
