// A Parley server from the jar, Chromium and Firefox under Puppeteer, and people using the web app.
// Meant to run inside the network namespace run.sh makes (all traffic stays on 127.0.0.1 and
// 198.18.0.0/24, both inside it). parley-e2e's CrossBrowserTest runs it in the build.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, after, afterEach } from 'node:test';
import puppeteer from 'puppeteer-core';

export const WAIT_MS = 15_000;
// The packaged server (mvn package builds it) and a Java 21+ to run it.
const JAR = process.env.PARLEY_JAR ?? new URL('../../../../../parley-server/target/parley.jar', import.meta.url).pathname;
const JAVA = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
/** Where screenshots go (CrossBrowserTest: parley-e2e/target/screenshots). */
const SCREENSHOTS = process.env.PARLEY_SCREENSHOTS ?? 'out';

export const sleep = ms => new Promise(r => setTimeout(r, ms));
const t0 = performance.now();
export const log = (...a) => console.log(`[${((performance.now() - t0) / 1000).toFixed(2)}s]`, ...a);

/**
 * Starts Parley on fixed ports (the namespace is ours alone). TURN relays from 127.0.0.1 and may
 * reach loopback peers, as RelayCallTest allows, so relay-only calls work in the namespace.
 */
export async function startServer({ httpPort = 8080, turnPort = 3478, args = [] } = {}) {
  if (!existsSync(JAR)) throw new Error(`no Parley jar at ${JAR}: build it first (mvn -DskipTests package), or set PARLEY_JAR`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-fx-'));
  const started = performance.now();
  const proc = spawn(JAVA, ['-jar', JAR, '--http-port', String(httpPort), '--no-https', '--data-dir', dataDir,
    '--turn-port', String(turnPort), '--turn-tls-port', '-1', '--turn-listen-host', '127.0.0.1',
    '--turn-relay-ip', '127.0.0.1', '--turn-allow-peer', '127.0.0.0/8', '--turn-allow-dangerous-peers',
    '--turn-secret', 'firefox-e2e-secret-0123456789abcdef', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', d => { output += d; });
  proc.stderr.on('data', d => { output += d; });
  const url = `http://127.0.0.1:${httpPort}/`;
  for (let i = 0; i < 150; i++) { // 15 s at most
    if (proc.exitCode !== null) throw new Error(`Parley exited ${proc.exitCode}:\n${output}`);
    try { if ((await fetch(url)).ok) break; } catch { /* not yet */ }
    await sleep(100);
    if (i === 149) {
      proc.kill('SIGKILL'); // its open pipes would keep this test file alive until run.sh's timeout
      throw new Error(`Parley did not answer within 15 s:\n${output}`);
    }
  }
  log(`parley up in ${Math.round(performance.now() - started)} ms at ${url}`);
  return {
    url, proc, output: () => output,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        for (let i = 0; i < 50 && proc.exitCode === null; i++) await sleep(100);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,          // fake camera (test pattern) and microphone (tone)
  'media.navigator.permission.disabled': true,   // no permission prompt
  'media.peerconnection.ice.loopback': true,     // offer 127.0.0.1 candidates
  'media.peerconnection.ice.obfuscate_host_addresses': false, // no mDNS .local names
  // No autoplay prefs needed: Firefox lets a page that captures the camera autoplay audible media.
  // Remote Settings (Nimbus, blocklists) would resolve firefox.settings.services.mozilla.com and
  // wait on it: launch takes ~12 s instead of ~5 s, and DNS queries head for the outside.
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'messaging-system.rsexperimentloader.enabled': false,
  'app.normandy.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.startup.page': 0,
  'browser.newtabpage.enabled': false,
};

export async function launchChromium() {
  const started = performance.now();
  const browser = await puppeteer.launch({
    browser: 'chrome', executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--mute-audio'], // muted, received audio has no energy
  });
  log(`chromium ${await browser.version()} launched in ${Math.round(performance.now() - started)} ms`);
  return browser;
}

/**
 * Even headless, Firefox captures a screen (getDisplayMedia) only from an X display: with DISPLAY
 * naming an Xvfb it shares that screen; without one getDisplayMedia fails with NotFoundError.
 */
export async function launchFirefox(extraPrefs = {}, { headless = true, env = process.env } = {}) {
  const started = performance.now();
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: process.env.PARLEY_FIREFOX ?? '/usr/bin/firefox-esr', headless, env,
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...extraPrefs },
  });
  log(`firefox ${await browser.version()} launched in ${Math.round(performance.now() - started)} ms`);
  return browser;
}

/** One person on the app, in a browser context of their own. */
export class Person {
  static async open(browser, label, url) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on('console', m => { if (process.env.CONSOLE || m.type() === 'warn' || m.type() === 'error') log(`[${label} ${m.type()}] ${m.text()}`); });
    page.on('pageerror', e => log(`[${label} pageerror] ${e.message}`));
    await page.setViewport({ width: 960, height: 640 });
    await page.goto(url);
    return new Person(label, context, page);
  }

  constructor(label, context, page) { Object.assign(this, { label, context, page }); }

  async fill(selector, value) { await this.page.locator(selector).fill(value); }
  async click(selector) { await this.page.locator(selector).setTimeout(WAIT_MS).click(); }
  eval(fn, ...args) { return this.page.evaluate(fn, ...args); }

  /** Waits for the page function to be truthy; on timeout says what the call looked like. */
  async waitFor(fn, arg, timeout = WAIT_MS) {
    try {
      await this.page.waitForFunction(fn, { timeout, polling: 50 }, arg);
    } catch (e) {
      throw new Error(`${this.label} waited ${timeout} ms for ${fn}; state: ${await this.diagnostics()}`, { cause: e });
    }
  }

  async joinRoom(room) { await this.fill('#room', room); await this.click('#join'); }
  async awaitCallState(s) { await this.waitFor(s => document.body.dataset.callState === s, s); }

  async goOnline(name) {
    await this.fill('#name', name);
    await this.click('#go-online');
    await this.waitFor(n => window.parleyApp.parley?.name === n && window.parleyApp.parley.connected, name);
  }

  async call(name) { await this.click(`#people button[aria-label='Call ${name}']`); }

  async awaitConnectedWithVideo() {
    await this.awaitCallState('connected');
    await this.waitFor(() => ['connected', 'completed'].includes(window.parleyApp.call?.pc?.iceConnectionState));
    await this.waitFor(() => document.getElementById('remote').videoWidth > 0);
  }

  diagnostics() {
    return this.eval(() => {
      const c = window.parleyApp.call, pc = c?.pc;
      return JSON.stringify({ ui: document.body.dataset.callState, call: c?.state, connection: pc?.connectionState,
        ice: pc?.iceConnectionState, signaling: pc?.signalingState, gathering: pc?.iceGatheringState,
        notice: document.getElementById('notice-text').textContent, dataChannel: c?.link?.data?.control?.readyState,
        messages: [...document.querySelectorAll('#messages li')].map(li => `${li.className}:${li.textContent}`),
        transfers: [...document.querySelectorAll('#transfers li')].map(li => `${li.dataset.state}:${li.textContent}`),
        chatText: document.getElementById('chat-text')?.value, trace: c?.link?.trace?.slice(-12) });
    }).catch(e => `(no diagnostics: ${e.message})`);
  }

  /**
   * What WebRTC reports of received media, summed over inbound RTP, plus what the <video> element
   * shows (decoded frames as the element counts them: getVideoPlaybackQuality works in both browsers).
   */
  media() {
    return this.eval(async () => {
      const pc = window.parleyApp.call?.pc;
      if (!pc) return null;
      const r = { audioBytes: 0, videoBytes: 0, audioEnergy: null, audioLevel: null, samplesDuration: null,
        framesDecoded: 0, frameWidth: 0, fps: null, videoCodec: null, audioCodec: null };
      const stats = await pc.getStats();
      stats.forEach(s => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') {
          r.audioBytes += s.bytesReceived ?? 0;
          if (s.totalAudioEnergy != null) r.audioEnergy = (r.audioEnergy ?? 0) + s.totalAudioEnergy;
          if (s.audioLevel != null) r.audioLevel = s.audioLevel;
          if (s.totalSamplesDuration != null) r.samplesDuration = s.totalSamplesDuration;
          r.audioCodec = stats.get(s.codecId)?.mimeType ?? r.audioCodec;
        }
        if (s.kind === 'video') {
          r.videoBytes += s.bytesReceived ?? 0;
          r.framesDecoded += s.framesDecoded ?? 0;
          r.frameWidth = Math.max(r.frameWidth, s.frameWidth ?? 0);
          r.fps = s.framesPerSecond ?? r.fps;
          r.videoCodec = stats.get(s.codecId)?.mimeType ?? r.videoCodec;
        }
      });
      const v = document.getElementById('remote');
      r.videoWidth = v.videoWidth;
      r.videoHeight = v.videoHeight;
      // Frames the element presented, counted with requestVideoFrameCallback (Chromium and Firefox 132+):
      // getVideoPlaybackQuality().totalVideoFrames stays 0 in Firefox for a MediaStream source.
      if (!v.parleyFrames) {
        v.parleyFrames = { n: 0 };
        const count = () => { v.parleyFrames.n++; v.requestVideoFrameCallback(count); };
        v.requestVideoFrameCallback(count);
      }
      r.shownFrames = v.parleyFrames.n;
      r.playbackQualityFrames = v.getVideoPlaybackQuality?.().totalVideoFrames ?? null;
      r.mozPaintedFrames = v.mozPaintedFrames ?? null;
      r.paused = v.paused;
      return r;
    });
  }

  /** The selected candidate pair, by the transport's selectedCandidatePairId or (Firefox) the nominated/selected pair. */
  selectedPath() {
    return this.eval(async () => {
      const pc = window.parleyApp.call?.pc;
      if (!pc) return null;
      const stats = await pc.getStats();
      let pair = null, via = null;
      stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) { pair = stats.get(s.selectedCandidatePairId); via = 'transport'; } });
      if (!pair) {
        const pairs = [...stats.values()].filter(s => s.type === 'candidate-pair');
        pair = pairs.find(s => s.selected) ?? pairs.find(s => s.nominated && s.state === 'succeeded') ?? null;
        via = 'candidate pairs';
      }
      if (!pair) return null;
      const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
      return { via, localType: local?.candidateType, remoteType: remote?.candidateType, relayProtocol: local?.relayProtocol ?? null,
        local: `${local?.address}:${local?.port}`, remote: `${remote?.address}:${remote?.port}`, rtt: pair.currentRoundTripTime ?? null };
    });
  }

  /** Audio energy (or, where the browser does not report it, audio level samples) received over `ms`. */
  async energyOver(ms = 2000) {
    const a = await this.media();
    await sleep(ms);
    const b = await this.media();
    return b.audioEnergy - a.audioEnergy;
  }

  /** Received bytes, decoded frames and frames shown grow over a second, and the picture has a size. */
  async mediaFlowing(ms = 1000) {
    const a = await this.media();
    await sleep(ms);
    const b = await this.media();
    return { before: a, after: b, ok: b.audioBytes > a.audioBytes && b.videoBytes > a.videoBytes
      && b.framesDecoded > a.framesDecoded && b.videoWidth > 0 && (b.shownFrames == null || b.shownFrames > a.shownFrames) };
  }

  /** A screenshot named `name`.png in the screenshots folder. */
  async screenshot(name) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  }
  async close() { await this.context.close().catch(() => {}); }
}

/** Alice waits in the room, Bob joins, both see the other's video. */
export async function meet(alice, bob, room) {
  const started = performance.now();
  await alice.joinRoom(room);
  await alice.awaitCallState('waiting');
  const joined = performance.now();
  await bob.joinRoom(room);
  await Promise.all([alice.awaitConnectedWithVideo(), bob.awaitConnectedWithVideo()]);
  log(`meet(${room}): both see video ${Math.round(performance.now() - joined)} ms after the second join (${Math.round(performance.now() - started)} ms in all)`);
}

/**
 * A test file's stage: the server and both browsers, started before its tests (in parallel: Firefox's
 * start is the long pole) and closed after them; the people a test opened, closed after it.
 */
export function useStage() {
  const stage = {
    server: null, chromium: null, firefox: null, people: [],
    async open(browser, label, path = '') {
      const p = await Person.open(browser, label, stage.server.url + path);
      stage.people.push(p);
      return p;
    },
  };
  before(async () => {
    stage.server = await startServer();
    // Each browser kept as soon as it is up, so that after() closes it even if the other failed to start.
    const [chromium, firefox] = await Promise.allSettled([
      launchChromium().then(b => (stage.chromium = b)), launchFirefox().then(b => (stage.firefox = b))]);
    for (const r of [chromium, firefox]) if (r.status === 'rejected') throw r.reason;
  });
  after(async () => {
    await stage.chromium?.close();
    await stage.firefox?.close();
    await stage.server?.stop();
  });
  afterEach(async () => {
    for (const p of stage.people.splice(0)) await p.close();
  });
  return stage;
}
