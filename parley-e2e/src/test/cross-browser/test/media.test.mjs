// Chromium <-> Firefox: where the two browsers' media differ: Firefox's send settings (bitrate
// cap, codecs), a codec Firefox lacks, recording in Firefox, screens shared each way (and what the
// app says where Firefox cannot share one), the quality line. Run by ./run.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, meet, log, sleep, useStage } from '../lib/stage.mjs';
import { assertMediaFlowing, outboundVideo, sendingKbps } from '../lib/checks.mjs';

const stage = useStage();
const { people, open } = stage;
const T = { timeout: 90_000 }; // per test; the file as a whole has none

test('Firefox\'s send settings: a bitrate cap (setParameters) and a preferred codec (setCodecPreferences)', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'settings-room');
  const menus = {};
  for (const p of [alice, bob]) menus[p.label] = await p.eval(() => [...document.querySelectorAll('#codec option')].map(o => o.value).filter(Boolean));
  log('codec menus', JSON.stringify(menus));
  let uncapped = 0;
  for (let i = 0; i < 5 && uncapped < 250; i++) uncapped = await sendingKbps(bob);
  log(`firefox sends ${uncapped.toFixed(0)} kbit/s uncapped`);
  await bob.eval(() => { document.getElementById('settings').open = true; });
  await bob.page.select('#max-bitrate', '100');
  await sleep(2000);
  const capped = await sendingKbps(bob);
  log(`firefox sends ${capped.toFixed(0)} kbit/s capped at 100`);
  assert.ok(capped < 125, `capped at 100 kbit/s: ${capped}`);
  await bob.page.select('#max-bitrate', '');
  await sleep(4000);
  const lifted = await sendingKbps(bob);
  log(`firefox sends ${lifted.toFixed(0)} kbit/s with the cap lifted`);
  assert.ok(lifted > 150, `the cap lifted: ${lifted}`);
  for (const codec of ['video/VP9', 'video/AV1', 'video/VP8']) {
    const started = performance.now();
    await bob.page.select('#codec', codec);
    let out;
    let inb;
    for (let i = 0; i < 40 && (out?.codec !== codec || inb?.inCodec !== codec); i++) { out = await outboundVideo(bob); inb = await outboundVideo(alice); await sleep(250); }
    log(`firefox prefers ${codec}: sends ${out.codec} (${out.encoder}), chromium receives ${inb.inCodec}, after ${Math.round(performance.now() - started)} ms`);
    assert.equal(out.codec, codec);
    assert.equal(inb.inCodec, codec);
    await assertMediaFlowing(alice);
  }
});

test('Chromium prefers H264, which this Firefox cannot do (no OpenH264): the call falls back and goes on', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'h264-room');
  await alice.page.select('#codec', 'video/H264');
  await sleep(3000);
  const out = await outboundVideo(alice);
  log(`chromium prefers H264: sends ${out.codec}; firefox receives ${(await outboundVideo(bob)).inCodec}`);
  await assertMediaFlowing(bob);
  await assertMediaFlowing(alice);
});

test('Firefox records the call (MediaRecorder) into a playable WebM', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'record-room');
  await bob.click('#record');
  assert.equal(await bob.eval(() => document.getElementById('record').textContent), 'Stop recording');
  await sleep(3000);
  // Keep the recording's Blob: should it not play, its size and first bytes say why.
  await bob.eval(() => {
    const make = URL.createObjectURL;
    URL.createObjectURL = blob => { window.recordedBlob = blob; return make.call(URL, blob); };
  });
  await bob.click('#record');
  await bob.waitFor(() => document.querySelector('#recording a') !== null || document.getElementById('recording').textContent.startsWith('Nothing'));
  assert.ok(await bob.eval(() => document.querySelector('#recording a') !== null), await bob.eval(() => document.getElementById('recording').textContent));
  const played = await bob.eval(async () => {
    const a = document.querySelector('#recording a');
    const described = async () => {
      const b = window.recordedBlob;
      const head = b ? [...new Uint8Array(await b.slice(0, 64).arrayBuffer())].map(x => x.toString(16).padStart(2, '0')).join('') : null;
      return `${a.textContent}; blob ${b?.type} of ${b?.size} bytes, first bytes ${head}`;
    };
    // No fetch(a.href): the app's CSP (connect-src 'self' ws: wss:) blocks blob: there; media-src allows it.
    const v = document.createElement('video');
    v.muted = true;
    v.src = a.href;
    document.body.append(v);
    const error = await new Promise(ok => { v.onloadeddata = () => ok(null); v.onerror = () => ok(v.error?.message ?? 'error'); });
    if (error) throw new Error(`cannot play: ${error}; ${await described()}`);
    await v.play();
    await new Promise(ok => setTimeout(ok, 1000));
    return { download: a.download, text: a.textContent, width: v.videoWidth, decoded: v.mozDecodedFrames ?? v.webkitDecodedFrameCount,
      hasAudio: v.mozHasAudio ?? null, type: window.parleyApp && document.querySelector('#recording a').download };
  });
  log('firefox recording', JSON.stringify(played));
  assert.match(played.download, /^parley-.*\.webm$/);
  assert.ok(played.width > 0 && played.decoded > 0 && played.hasAudio !== false, JSON.stringify(played));
});

test('screen sharing: Chromium shares beside its camera and Firefox shows it', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'screen-room');
  await alice.click('#screen');
  await bob.waitFor(() => !document.getElementById('remote-screen').hidden && document.getElementById('remote-shared').videoWidth > 0);
  const seen = await bob.eval(() => ({ w: document.getElementById('remote-shared').videoWidth, h: document.getElementById('remote-shared').videoHeight,
    camera: document.getElementById('remote').videoWidth }));
  log('firefox sees chromium\'s screen', JSON.stringify(seen));
  assert.ok(seen.w > 0 && seen.camera > 0);
  await bob.screenshot('cross-browser-firefox-sees-screen');
  await alice.click('#screen');
  await bob.waitFor(() => document.getElementById('remote-screen').hidden && document.getElementById('remote-shared').hidden);
});

test('screen sharing from headless Firefox with an X display (Xvfb): beside and instead of its camera', { ...T, skip: !process.env.DISPLAY && 'no DISPLAY (run.sh starts Xvfb when it is installed)' }, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'ffscreen');
  const shape = () => alice.eval(() => { const v = document.getElementById('remote'); return v.videoHeight ? v.videoWidth / v.videoHeight : 0; });
  await bob.click('#screen');
  await alice.waitFor(() => !document.getElementById('remote-screen').hidden && document.getElementById('remote-shared').videoWidth > 0);
  const seen = await alice.eval(() => ({ w: document.getElementById('remote-shared').videoWidth, h: document.getElementById('remote-shared').videoHeight }));
  log('chromium sees firefox\'s screen beside its camera', JSON.stringify(seen));
  assert.ok(Math.abs(await shape() - 4 / 3) < 0.01, 'the camera goes on beside the screen');
  await alice.screenshot('cross-browser-chromium-sees-firefox-screen');
  await bob.click('#screen');
  await alice.waitFor(() => document.getElementById('remote-screen').hidden && document.getElementById('remote-shared').hidden);
  // Instead of the camera: replaceTrack on Firefox's video sender, no renegotiation.
  await bob.page.select('#screen-mode', 'instead');
  await bob.click('#screen');
  await alice.waitFor(() => !document.getElementById('remote-screen').hidden);
  await alice.waitFor(() => { const v = document.getElementById('remote'); return Math.abs(v.videoWidth / v.videoHeight - 16 / 9) < 0.02; });
  log('instead of the camera, chromium sees', JSON.stringify(await alice.media()));
  await bob.click('#screen');
  await alice.waitFor(() => { const v = document.getElementById('remote'); return Math.abs(v.videoWidth / v.videoHeight - 4 / 3) < 0.02; });
  await assertMediaFlowing(alice);
});

test('screen sharing from headless Firefox without an X display: getDisplayMedia fails, and what the app says', T, async () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  const displayless = await launchFirefox({}, { env });
  try {
    const alice = await open(stage.chromium, 'alice(chromium)');
    const bob = await open(displayless, 'bob(firefox, no display)');
    await meet(alice, bob, 'ffscreen-none');
    await bob.click('#screen');
    await bob.waitFor(() => !document.getElementById('notice').hidden);
    const notice = await bob.eval(() => document.getElementById('notice-text').textContent);
    log('firefox without a display, Share screen ->', JSON.stringify(notice));
    assert.equal(notice, 'This browser found no screen to share.'); // not Firefox's own "The object can not be found here."
    await assertMediaFlowing(alice); // the call goes on
  } finally {
    for (const p of people.splice(0)) await p.close();
    await displayless.close();
  }
});

test('the quality line in Firefox, and which pair the getStats fallbacks would pick', T, async () => {
  const alice = await open(stage.chromium, 'alice(chromium)');
  const bob = await open(stage.firefox, 'bob(firefox)');
  await meet(alice, bob, 'quality-room');
  await bob.waitFor(() => document.getElementById('quality').dataset.fps > 0 && document.getElementById('quality').dataset.inKbps > 50);
  const shown = await bob.eval(() => ({ ...document.getElementById('quality').dataset, text: document.getElementById('quality-text').textContent,
    rating: document.getElementById('quality-rating').textContent }));
  log('firefox quality', JSON.stringify(shown));
  assert.equal(shown.path, 'direct');
  assert.equal(shown.transport, 'UDP');
  assert.ok(Number(shown.width) > 0 && shown.rtt !== '', JSON.stringify(shown));
  const pick = await bob.eval(async () => {
    const stats = await window.parleyApp.call.pc.getStats();
    const pairs = [...stats.values()].filter(s => s.type === 'candidate-pair');
    let viaTransport = null, lastNominated = null;
    stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) viaTransport = s.selectedCandidatePairId; });
    stats.forEach(s => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') lastNominated = s.id; });
    return { viaTransport, lastNominated, selected: pairs.find(s => s.selected)?.id ?? null,
      nominated: pairs.filter(s => s.nominated && s.state === 'succeeded').map(s => `${s.id}:${s.bytesReceived}B`) };
  });
  log('firefox pair choice', JSON.stringify(pick));
  assert.equal(pick.selected, pick.viaTransport);
});

