// The Parley web app: rooms (seeds 000/002) and direct calls by name (seeds 001/003), on the JS SDK.
import { $, notify, remoteStateWords, setToggle, showRoomLink, showStream } from './app-dom.js';
import { addMessage, markDelivered, showTransfer } from './app-chat.js';
import { hideQuality, showQuality } from './app-quality.js';
import { setCallStatus, setStatus } from './app-status.js';
import { endings, explain, explainInsecure, notifyFailure, sayLeft } from './app-messages.js';
import { showGroup } from './app-group.js';
import { setUpDevices } from './app-devices.js';
import { setUpRecording } from './app-record.js';
import { CameraWarmer } from './app-warm.js';
import { afterSetUp } from './app-settle.js';
import { CallEvent, IncomingCallEvent, Parley, ParleyError, ParleyEvent, openMedia, videoCodecs, startRingtone, startRingback } from './parley.js';

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
// With the camera on ahead, the call's peer connection and offer are made ahead too (the SDK's prepareCall).
// The call view's own preview gets the camera ahead too, while hidden: setting a video element up
// takes the page tens of milliseconds, which the click need not wait for.
const warmer = new CameraWarmer($('home-preview'), {
  ready: s => {
    if (!stream) $('local').srcObject = s; // not while a call's stream (taken, the join under way) is there
    return Promise.resolve(warming).then(() => {
      if (parley?.connected && s.getTracks().every(t => t.readyState === 'live')) parley.prepareCall(s); // not if cooled meanwhile
    });
  },
  cooled: () => {
    parley?.cancelPreparedCall();
    if (!stream) $('local').srcObject = null;
  },
});
const recording = setUpRecording(app);

function setBusy(busy) {
  for (const id of ['join', 'go-online', 'echo-test']) $(id).disabled = busy;
}

/** The room `./parley echo` waits in by default. */
const ECHO_ROOM = 'echo';

/** The connection opened at page load, before anyone asked for it (see the end of this file). */
let warming = null;

async function connect(withName) {
  const name = $('name').value.trim();
  if (withName && !name) throw new ParleyError('name-required', 'enter your name first');
  await warming;
  // The warm connection has no name (a name puts one online): with one typed, a named connection replaces it.
  if (parley?.connected && (withName ? parley.name : !name || parley.name)) return parley;
  const old = parley;
  parley = null; // first: closing it may report its end at once, which `current` below must not hear
  old?.close();
  // ?relay=1: media only through the TURN relay, hiding this device's addresses from the other side.
  const p = new Parley({ name: name || undefined, relayOnly: new URLSearchParams(location.search).has('relay') });
  parley = p;
  /** Events of a connection this page has since replaced (a warm one by a named one) say nothing. */
  const current = handler => e => { if (p === parley) handler(e); };
  p.addEventListener(ParleyEvent.PRESENCE, current(e => renderPeople(e.detail.online)));
  p.addEventListener(ParleyEvent.INCOMING, current(e => ring(e.detail.incoming)));
  p.addEventListener(ParleyEvent.RECONNECTING, current(e => {
    setStatus({ signaling: 'reconnecting' });
    const during = call ? ' Your call goes on meanwhile.' : '';
    if (e.detail.attempt === 1) notify(`Lost the connection to the server. Reconnecting…${during}`);
    if (e.detail.attempt === GIVE_NOTICE_AFTER_ATTEMPTS) notifyFailure(`Cannot reach the Parley server. Still trying…${during}`, 'unreachable');
  }));
  const back = current(() => {
    setStatus({ signaling: 'connected', name: p.name });
    notify('');
  });
  p.addEventListener(ParleyEvent.RESUMED, back);
  p.addEventListener(ParleyEvent.RESTORED, back);
  p.addEventListener(ParleyEvent.CLOSE, current(() => {
    setStatus({ signaling: 'offline' });
    $('go-online').hidden = false;
    $('people').replaceChildren();
    // A connection that never got its welcome failed to open: the action that asked for it says
    // so, and the one opened at page load says nothing until the person acts.
    if (!call && p.welcome) notifyFailure(explain({ code: 'closed' }), 'closed');
  }));
  setStatus({ signaling: 'connecting' });
  try {
    await p.connect();
  } catch (e) {
    if (p === parley) {
      parley = null;
      setStatus({ signaling: 'idle' });
    }
    throw e;
  }
  if (name) localStorage.setItem('parley.name', name);
  setStatus({ signaling: 'connected', name: p.name });
  $('go-online').hidden = Boolean(p.name);
  return p;
}

async function media() {
  if (!stream) stream = (await warmer.take()) ?? await openMedia();
  showStream($('local'), stream);
  return stream;
}

function renderPeople(online) {
  const names = [...online].sort((a, b) => a.localeCompare(b));
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
  if (c.room) afterSetUp(c, () => showRoomLink(c.room));
  c.addEventListener(CallEvent.REMOTE, e => showStream($('remote'), e.detail.stream));
  let away = null;
  c.addEventListener(CallEvent.PEER_AWAY, e => {
    clearTimeout(away);
    away = setTimeout(() => notify(`${e.detail.peer.name ?? 'The other person'} lost their connection to the server; waiting for them to come back…`),
      AWAY_NOTICE_AFTER_MS);
  });
  c.addEventListener(CallEvent.PEER_BACK, () => { clearTimeout(away); notify(''); });
  c.addEventListener(CallEvent.STATE, e => { if (e.detail.state === 'ended') clearTimeout(away); });
  c.addEventListener(CallEvent.STATE, e => update(c, e.detail));
  c.addEventListener(CallEvent.REMOTE_STATE, e => showRemoteState(e.detail.state, e.detail.peer.name));
  c.addEventListener(CallEvent.CHAT, e => addMessage(e.detail.text, false));
  c.addEventListener(CallEvent.CHAT_DELIVERED, e => markDelivered(e.detail.id));
  c.addEventListener(CallEvent.REMOTE_SCREEN, e => showSharedScreen(e.detail.stream));
  c.addEventListener(CallEvent.FILE, e => showTransfer(e.detail.transfer));
  c.addEventListener(CallEvent.QUALITY, e => {
    if (c !== call) return;
    showQuality(e.detail.peer.quality, e.detail.sample);
    setCallStatus({ path: e.detail.sample.path?.kind ?? null });
  });
  hideQuality();
  showRemoteState(null);
  prepareLocal(c);
  update(c, { state: c.state });
}

/** What one-to-one and group calls share on this page: this side's devices, screen, settings, chat list. */
function prepareLocal(c) {
  c.addEventListener(CallEvent.LOCAL_TRACK, ({ detail: { track } }) => {
    setToggle('screen', c.sharingScreen, 'Share screen', 'Stop sharing');
    // A screen shared instead of the camera plays in this side's own preview: unmirrored, so its text reads.
    $('local').classList.toggle('screen', c.sharingScreen && !c.sharingBeside);
    // A camera that is unplugged ends its track: fall back to whichever camera is left.
    if (track.kind === 'video' && !c.sharingScreen) devices.watchUnplug(c, track);
    if (track.kind === 'audio') devices.watchUnplug(c, track);
    devices.refresh().catch(() => {});
  });
  c.addEventListener(CallEvent.LOCAL_SCREEN, e => {
    setToggle('screen', c.sharingScreen, 'Share screen', 'Stop sharing');
    showOwnScreen(e.detail.stream);
  });
  for (const t of c.stream.getTracks()) devices.watchUnplug(c, t);
  afterSetUp(c, () => devices.refresh().catch(() => {}));
  $('recording').hidden = true;
  if ($('max-bitrate').value) c.setMaxBitrate(Number($('max-bitrate').value));
  if ($('codec').value) c.preferCodec($('codec').value);
  $('messages').replaceChildren();
  $('transfers').replaceChildren();
}

/** What this side shares beside its camera, previewed in a corner while it lasts. */
function showOwnScreen(screen) {
  $('local-screen').srcObject = screen;
  $('own-screen').hidden = !screen;
  if (!screen) $('local').classList.remove('screen');
}

/** The other side's screen, shared beside its camera, takes the stage while it lasts. */
function showSharedScreen(screen) {
  $('remote-shared').srcObject = screen;
  $('remote-shared').hidden = !screen;
  document.querySelector('.stage').classList.toggle('with-screen', Boolean(screen));
}

/** The other side's mic and camera as it reports them (not guessed from the media). */
function showRemoteState(state, name) {
  const words = remoteStateWords(name);
  $('remote-muted').textContent = words.mic;
  $('remote-cam-off').textContent = words.cam;
  $('remote-screen').textContent = words.screen;
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
  setCallStatus(state === 'ended' ? null : { state, room: c.room, peer: c.peer?.name ?? null, ...(state === 'connected' ? {} : { path: null }) });
  // An invitation only while there is a seat to offer: a room of two with both in it is full.
  $('share').hidden = !(c.room && c.room !== ECHO_ROOM && state === 'waiting');
  if (state === 'ringing' && !ringback) ringback = startRingback();
  if (state !== 'ringing') { ringback?.stop(); ringback = null; }
  // Alone in the room: whoever joins will offer, and the link to answer them can be made now.
  if (state === 'waiting') parley?.prepareCall(c.stream, { answer: true });
  if (state === 'waiting' && reason === 'peer-left') {
    $('remote').srcObject = null;
    hideQuality(); // nothing is received any more: no frozen last reading
    showRemoteState(null);
    notify(`${who === 'the other person' ? 'The other person' : who} left the call.`);
  }
  if (state === 'connected') notify('');
  if (state === 'ended') {
    if (endings[reason]) notifyFailure(endings[reason], reason);
    leaveCall();
  }
}

function leaveCall() {
  setCallStatus(null);
  hideQuality();
  showOwnScreen(null);
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
  releaseMedia();
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
  incoming.addEventListener(IncomingCallEvent.CANCELLED, () => {
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
    else notifyFailure(explain(e), e?.code);
    if (call === null && stream) releaseMedia();
  } finally {
    setBusy(false);
  }
}

/** Gives the camera and microphone back, and a connection made ahead for them that no call took. */
function releaseMedia() {
  for (const t of stream?.getTracks() ?? []) t.stop();
  stream = null;
  parley?.cancelPreparedCall();
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
      await c.hangup(); // the camera goes back with the failure, in attempt()
      throw new ParleyError('echo-missing', 'the echo test is not running');
    }
    show(c);
  });
});
$('online-form').addEventListener('submit', e => {
  e.preventDefault();
  attempt(async () => { await connect(true); renderPeople(parley.online); });
});
$('hangup').addEventListener('click', () => {
  const c = call;
  leaveCall();
  c?.hangup();
  sayLeft(c?.room, ECHO_ROOM);
});

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
  for (const t of [sent].flat()) showTransfer(t, Boolean(call.members));
  return sent;
}
$('file').addEventListener('change', () => {
  for (const file of $('file').files) attempt(async () => sendFile(file));
  $('file').value = '';
});
$('notice-close').addEventListener('click', () => notify(''));

// A room name being typed: the camera opens now (where allowed before), so the click need not wait for it.
$('room').addEventListener('input', () => {
  if ($('room').value.trim()) warmer.warm();
  else warmer.cool();
});
document.addEventListener('visibilitychange', () => { if (document.hidden) warmer.cool(); }); // no camera left on in a tab out of sight

$('name').value = localStorage.getItem('parley.name') ?? '';
if (!window.isSecureContext) explainInsecure();
const linked = location.pathname.match(/^\/r\/([^/]+)$/);
if (linked) {
  $('room').value = decodeURIComponent(linked[1]);
  if (window.isSecureContext) $('room-form').requestSubmit();
} else if (window.isSecureContext) {
  // What a call needs before the click and not from it: the server connection, hello, and with
  // the welcome the ICE servers. Only without a name: a name in hello puts one online, which
  // opening the page must not do (with one typed, the click opens a named connection).
  if (!$('name').value.trim()) {
    warming = connect(false).then(() => {}, () => { /* said when the person acts */ }).finally(() => { warming = null; });
  }
}

// For tests and debugging: the live objects behind the page.
window.parleyApp = {
  get parley() { return parley; }, get call() { return call; }, get stream() { return stream; },
  get ringer() { return ringer; }, get ringback() { return ringback; }, get warmer() { return warmer; }, sendFile,
};
