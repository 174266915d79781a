// The network test (/test): whether this device can make calls through this server, and if not,
// what blocks them, in words a person can act on or pass to whoever runs the server.
import { Parley } from '/parley.js';
import { $ } from './app-dom.js';
import { TITLES, report, verdict } from './network-verdict.js';
/** How long one step may take: ICE gathering and a relayed round trip finish in well under this. */
const STEP_MS = 8000;

/** Every step's outcome, in order: {id, title, status: 'pass'|'warn'|'fail'|'skip', detail}. */
let results = [];

function record(id, status, detail) {
  const result = { id, title: TITLES[id], status, detail };
  // Steps finish in any order (the camera waits for its prompt); they are shown and reported in one.
  const order = Object.keys(TITLES);
  results = results.filter(r => r.id !== id).concat(result).sort((x, y) => order.indexOf(x.id) - order.indexOf(y.id));
  let row = document.querySelector(`#test-steps li[data-id="${id}"]`);
  if (!row) {
    row = document.createElement('li');
    row.dataset.id = id;
    row.append(document.createElement('strong'), document.createTextNode(' '), document.createElement('span'));
    const after = [...$('test-steps').children].find(r => order.indexOf(r.dataset.id) > order.indexOf(id));
    $('test-steps').insertBefore(row, after ?? null);
  }
  row.dataset.status = status;
  row.querySelector('strong').textContent = `${result.title}: ${{ pass: 'works', warn: 'works, but', fail: 'fails', skip: 'not tried' }[status]}`;
  row.querySelector('span').textContent = detail;
  return result;
}

const within = (promise, ms, what) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms))]);

async function devices() {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    $('test-preview').srcObject = stream;
    const [video] = stream.getVideoTracks();
    const [audio] = stream.getAudioTracks();
    const { width, height } = video.getSettings();
    const heard = await listen(stream, 1500);
    const detail = `camera “${video.label || 'unnamed'}” (${width}×${height}), microphone “${audio.label || 'unnamed'}”`;
    if (heard < 0.01) return { stream, result: record('devices', 'warn', `${detail}; the microphone heard nothing. Is it muted?`) };
    return { stream, result: record('devices', 'pass', `${detail}, hearing sound`) };
  } catch (e) {
    const why = {
      NotAllowedError: 'access was blocked: allow the camera and microphone for this site in the browser\'s settings',
      NotFoundError: 'no camera or microphone was found',
      NotReadableError: 'the camera or microphone is in use by another app',
    }[e.name] ?? (window.isSecureContext ? e.message : 'the browser only allows them on https:// pages');
    return { stream: null, result: record('devices', 'fail', why) };
  }
}

/** The meter's audio graph for the current stream; closed when the test runs again. */
let metering = null;

/** The loudest the microphone got over `ms` (0 to 1); the level meter then keeps moving with it. */
async function listen(stream, ms) {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const level = () => {
    analyser.getFloatTimeDomainData(samples);
    return Math.min(1, Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length) * 4);
  };
  const timer = setInterval(() => { $('test-level').value = level(); }, 100);
  metering = { close: () => { clearInterval(timer); context.close(); } };
  let loudest = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    loudest = Math.max(loudest, level());
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return loudest;
}

async function signaling() {
  const parley = new Parley({ reconnect: false, requestTimeoutMs: STEP_MS });
  try {
    const welcome = await within(parley.connect(), STEP_MS, 'connecting');
    record('signaling', 'pass', `connected to ${parley.url}`);
    return welcome;
  } catch (e) {
    const why = e.code === 'unauthorized' ? 'this server only lets in people with an access token from its application'
      : `cannot reach ${parley.url} (${e.message}): something between this device and the server blocks the WebSocket`;
    record('signaling', 'fail', why);
    return null;
  } finally {
    parley.close();
  }
}

/** Every URL of the welcome's ICE servers, with its credentials and what it tests. */
function iceUrls(welcome) {
  return welcome.iceServers.flatMap(server => server.urls.map(url => {
    const kind = url.startsWith('stun') ? 'stun' : url.startsWith('turns:') ? 'turn-tls' : /transport=tcp/i.test(url) ? 'turn-tcp' : 'turn-udp';
    return { url, kind, username: server.username, credential: server.credential };
  }));
}

/** The candidates one peer connection gathers with these servers, and the servers that did not answer. */
async function gather(iceServers, iceTransportPolicy = 'all') {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy });
  const candidates = [];
  const errors = [];
  pc.onicecandidate = e => { if (e.candidate?.candidate) candidates.push(e.candidate); };
  pc.onicecandidateerror = e => errors.push({ url: e.url, code: e.errorCode, text: e.errorText });
  pc.createDataChannel('probe');
  await pc.setLocalDescription(await pc.createOffer());
  const complete = await within(new Promise(resolve => {
    if (pc.iceGatheringState === 'complete') resolve(true);
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(true); };
  }), STEP_MS, 'gathering').catch(() => false);
  pc.close();
  return { candidates, errors, complete };
}

async function direct() {
  const { candidates } = await gather([]);
  const hosts = candidates.filter(c => c.type === 'host');
  if (hosts.length === 0) return record('direct', 'fail', 'the browser found no network address to offer at all');
  const shown = [...new Set(hosts.map(c => c.address))];
  return record('direct', 'pass', `this device offers ${shown.length} address(es): ${shown.join(', ')}`
    + (shown.some(a => a?.endsWith('.local')) ? ' (hidden behind .local names, as browsers do)' : ''));
}

async function stun(urls) {
  if (urls.length === 0) return record('stun', 'skip', 'the server hands out no STUN server');
  const { candidates, errors, complete } = await gather([{ urls: urls.map(u => u.url) }]);
  const reflexive = candidates.find(c => c.type === 'srflx');
  if (reflexive) return record('stun', 'pass', `the server sees this device at ${reflexive.address}`);
  // Only STUN servers are configured here, so any candidate error is one of them not answering
  // (its URL as the browser normalised it, which need not be the one handed out).
  if (errors.length > 0 || !complete) {
    return record('stun', 'fail', `no answer from ${urls.map(u => u.url).join(', ')}: this network blocks UDP to that port, or the server's STUN is stopped`);
  }
  return record('stun', 'pass', 'the server answered, and sees this device at its own address (no NAT in between)');
}

/** A data channel between two peer connections of this page, both forced through this one relay. */
async function relay(entry) {
  const config = { iceServers: [{ urls: [entry.url], username: entry.username, credential: entry.credential }], iceTransportPolicy: 'relay' };
  let a;
  let b;
  try {
    a = new RTCPeerConnection(config);
    b = new RTCPeerConnection(config);
  } catch (e) { // a TURN URL handed out without credentials, say
    a?.close();
    return record(entry.kind, 'fail', `this browser cannot use ${entry.url} (${e.message})`);
  }
  const errors = [];
  let relayed = 0;
  a.onicecandidate = e => { if (e.candidate?.candidate) { relayed++; b.addIceCandidate(e.candidate).catch(() => {}); } };
  b.onicecandidate = e => { if (e.candidate?.candidate) a.addIceCandidate(e.candidate).catch(() => {}); };
  a.onicecandidateerror = e => errors.push(`${e.errorCode} ${e.errorText}`.trim());
  b.ondatachannel = e => { e.channel.onmessage = m => e.channel.send(m.data); };
  const channel = a.createDataChannel('round-trip');
  try {
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    await within(new Promise(resolve => { channel.onopen = resolve; }), STEP_MS, 'opening a channel through the relay');
    const started = performance.now();
    const echoed = new Promise(resolve => { channel.onmessage = resolve; });
    channel.send('parley network test');
    await within(echoed, STEP_MS, 'the round trip');
    return record(entry.kind, 'pass', `a data channel went through ${entry.url} and back in ${Math.round(performance.now() - started)} ms`);
  } catch (e) {
    if (relayed === 0) {
      const why = errors.length ? ` (${errors[0]})` : '';
      const tls = entry.kind === 'turn-tls' ? ', or this browser does not trust the server\'s certificate' : '';
      return record(entry.kind, 'fail', `no relay from ${entry.url}${why}: this network blocks that port, the server's TURN is stopped${tls}`);
    }
    return record(entry.kind, 'fail', `the relay gave an address, but nothing went through it (${e.message}): its relay ports may be blocked`);
  } finally {
    a.close();
    b.close();
  }
}

let stream = null;

async function run() {
  results = [];
  $('test-steps').replaceChildren();
  $('test-verdict').textContent = 'Testing…';
  $('test-verdict').dataset.verdict = 'testing';
  $('test-again').disabled = true;
  stream?.getTracks().forEach(t => t.stop());
  metering?.close();
  // The network is tried meanwhile: a camera prompt left unanswered holds up only its own line.
  let finished = false;
  const camera = devices().then(d => {
    stream = d.stream;
    if (finished) finish(); // answered after the verdict: say it again with the devices in
  });
  await step('signaling', async () => {
    const welcome = await signaling();
    if (!welcome) return;
    const urls = iceUrls(welcome);
    await step('direct', direct);
    await step('stun', () => stun(urls.filter(u => u.kind === 'stun')));
    const relays = urls.filter(u => u.kind !== 'stun');
    for (const id of ['turn-udp', 'turn-tcp', 'turn-tls']) {
      if (!relays.some(u => u.kind === id)) record(id, 'skip', 'the server offers no relay of this kind');
    }
    for (const entry of relays) await step(entry.kind, () => relay(entry));
  });
  await step('devices', () => within(camera, STEP_MS, 'the camera and microphone').catch(() => {
    if (!results.some(r => r.id === 'devices')) record('devices', 'skip', 'still waiting for permission to use the camera and microphone');
  }));
  finished = true;
  return finish();
}

/** The verdict and the report on what is known now. */
function finish() {
  const [kind, text] = verdict(results);
  $('test-verdict').textContent = text;
  $('test-verdict').dataset.verdict = kind;
  $('test-report').value = report(results, text, { when: new Date().toISOString(), origin: location.origin, browser: navigator.userAgent });
  $('test-again').disabled = false;
  return { verdict: kind, text, results };
}

/** Runs one step; whatever goes wrong in it is that step's failure, and the test goes on to its verdict. */
async function step(id, run) {
  try {
    await run();
  } catch (e) {
    record(id, 'fail', `the test itself failed here (${e?.message ?? e})`).testError = true;
  }
}

$('test-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('test-report').value);
    $('test-copy').textContent = 'Copied';
  } catch {
    $('test-report').select(); // the person copies it by hand
  }
});
$('test-again').addEventListener('click', () => { window.parleyTest = run(); });
/** The run in progress, for the page's own tests: resolves with {verdict, text, results}. */
window.parleyTest = run();
