// What both cross-browser test files check, read from what WebRTC reports in each page.
import assert from 'node:assert/strict';
import { log, sleep } from './stage.mjs';

export async function assertMediaFlowing(p) {
  let r;
  for (let i = 0; i < 3 && !r?.ok; i++) r = await p.mediaFlowing(); // a busy machine may stall a second
  assert.ok(r.ok, `${p.label}: media not flowing: ${JSON.stringify(r)}`);
  return r.after;
}

/** Audio energy received over two seconds, retried a few times: beeps come about once a second. */
export async function heardEnergy(p, atLeast) {
  let e = 0;
  for (let i = 0; i < 4 && !(e > atLeast); i++) e = await p.energyOver(2000);
  return e;
}

export async function assertBothWays(a, b) {
  const ma = await assertMediaFlowing(a);
  const mb = await assertMediaFlowing(b);
  log(`${a.label} receives ${ma.videoCodec} ${ma.frameWidth}px ${ma.audioCodec}; ${b.label} receives ${mb.videoCodec} ${mb.frameWidth}px ${mb.audioCodec}`);
  for (const p of [a, b]) {
    const e = await heardEnergy(p, 0.001);
    assert.ok(e > 0.001, `${p.label} hears the other side (audio energy ${e})`);
  }
}

/** Mean luminance (0-255) of the remote video as drawn. */
export const luminance = p => p.eval(() => {
  const v = document.getElementById('remote');
  const c = document.createElement('canvas');
  c.width = 64; c.height = 36;
  const g = c.getContext('2d');
  g.drawImage(v, 0, 0, c.width, c.height);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
  return sum / (d.length / 4);
});

/** The video this page sends (bytes, codec, encoder) and the codec it receives. */
const OUTBOUND_VIDEO = async () => {
  const stats = await window.parleyApp.call.pc.getStats();
  const r = { bytes: 0, codec: null, inCodec: null, encoder: null };
  stats.forEach(s => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') { r.bytes += s.bytesSent; r.codec = stats.get(s.codecId)?.mimeType ?? null; r.encoder = s.encoderImplementation ?? null; }
    if (s.type === 'inbound-rtp' && s.kind === 'video') r.inCodec = stats.get(s.codecId)?.mimeType ?? null;
  });
  return r;
};
export const outboundVideo = p => p.eval(OUTBOUND_VIDEO);
/** Video this page sends, in kbit/s over two seconds. */
export async function sendingKbps(p) {
  const a = await outboundVideo(p);
  await sleep(2000);
  const b = await outboundVideo(p);
  return (b.bytes - a.bytes) * 8 / 1000 / 2;
}

