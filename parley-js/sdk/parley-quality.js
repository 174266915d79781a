// Live call quality from RTCPeerConnection.getStats(): what is received and sent, how much is
// lost, how long a round trip takes, frames, and the path the media takes.

/** How often the statistics are read. */
export const QUALITY_INTERVAL_MS = 1000;
/** Samples kept for a chart: two minutes. */
const HISTORY = 120;

/** Thresholds for the good / fair / poor verdict (loss in %, round trip in ms, frames per second). */
export const RATING = {
  poor: { loss: 10, rttMs: 400, fps: 8 },
  fair: { loss: 2, rttMs: 150, fps: 15 },
};

/**
 * @typedef {{at: number, inKbps: number, outKbps: number, lossPercent: number, rttMs: number|null,
 *   fps: number|null, width: number|null, height: number|null, codec: string|null,
 *   path: {kind: 'direct'|'stun'|'relay', transport: string, local: string, remote: string}|null,
 *   rating: 'good'|'fair'|'poor'}} QualitySample
 */

/** Reads a peer connection's statistics every second. Events: 'sample' ({sample}: a QualitySample). */
export class CallQuality extends EventTarget {
  /** @param {RTCPeerConnection} pc */
  constructor(pc) {
    super();
    this.pc = pc;
    /** @type {QualitySample[]} */
    this.history = [];
    this._last = null;
    this._stopped = false;
    this._timer = setInterval(() => this._read().catch(() => { /* closed meanwhile */ }), QUALITY_INTERVAL_MS);
  }

  /** The latest sample, or null before the first. */
  get latest() { return this.history.at(-1) ?? null; }

  /** No more samples, not even from a reading under way. */
  stop() {
    this._stopped = true;
    clearInterval(this._timer);
  }

  async _read() {
    if (this.pc.connectionState === 'closed') { this.stop(); return; }
    const stats = await this.pc.getStats();
    if (this._stopped) return; // stopped while the statistics were being read
    const now = { at: performance.now(), inBytes: 0, outBytes: 0, received: 0, lost: 0, video: new Map() };
    let pair = null;
    let shown = null; // the video that plays: see below
    stats.forEach(s => {
      if (s.type === 'inbound-rtp') {
        now.inBytes += s.bytesReceived ?? 0;
        now.received += s.packetsReceived ?? 0;
        now.lost += Math.max(0, s.packetsLost ?? 0);
        if (s.kind === 'video') {
          // A stream that stopped (a screen no longer shared) keeps its last frame size in the
          // statistics: only a video that received something since the last reading counts, and of
          // two (a screen beside the camera) the larger, which is the one on the stage.
          const frames = s.framesDecoded ?? 0;
          now.video.set(s.id, frames);
          const fresh = frames > (this._last?.video.get(s.id) ?? 0);
          if (fresh && s.frameWidth && (!shown || s.frameWidth * s.frameHeight > shown.frameWidth * shown.frameHeight)) shown = s;
        }
      } else if (s.type === 'outbound-rtp') {
        now.outBytes += s.bytesSent ?? 0;
      } else if (s.type === 'transport' && s.selectedCandidatePairId) {
        pair = stats.get(s.selectedCandidatePairId);
      }
    });
    // Without transport stats: Firefox marks several pairs nominated and succeeded, and the one in
    // use 'selected' (non-standard); the last nominated one is often a pair that carries nothing.
    if (!pair) {
      const pairs = [...stats.values()].filter(s => s.type === 'candidate-pair');
      pair = pairs.find(s => s.selected) ?? pairs.find(s => s.nominated && s.state === 'succeeded') ?? null;
    }
    const last = this._last;
    this._last = now;
    if (!last) return;
    const seconds = (now.at - last.at) / 1000;
    const received = now.received - last.received, lost = now.lost - last.lost;
    const sample = {
      at: Date.now(),
      inKbps: Math.round(((now.inBytes - last.inBytes) * 8) / 1000 / seconds),
      outKbps: Math.round(((now.outBytes - last.outBytes) * 8) / 1000 / seconds),
      lossPercent: received + lost > 0 ? Math.round((1000 * lost) / (received + lost)) / 10 : 0,
      rttMs: pair?.currentRoundTripTime != null ? Math.round(pair.currentRoundTripTime * 1000) : null,
      fps: shown?.framesPerSecond ?? null, width: shown?.frameWidth ?? null, height: shown?.frameHeight ?? null,
      // The codec in use, which may not be the one preferred (a browser without H264 falls back).
      codec: (shown && stats.get(shown.codecId)?.mimeType?.replace(/^video\//, '')) ?? null,
      path: pair ? describePath(stats.get(pair.localCandidateId), stats.get(pair.remoteCandidateId)) : null,
    };
    sample.rating = rate(sample);
    this.history.push(sample);
    if (this.history.length > HISTORY) this.history.shift();
    this.dispatchEvent(new CustomEvent('sample', { detail: { sample } }));
  }
}

/** Direct (host or peer-reflexive on both ends), through NAT found by STUN, or through a TURN relay. */
function describePath(local, remote) {
  if (!local || !remote) return null;
  const types = [local.candidateType, remote.candidateType];
  const kind = types.includes('relay') ? 'relay' : types.includes('srflx') ? 'stun' : 'direct';
  // Towards a relay, what matters is how this side reaches it (UDP, TCP or TLS).
  const transport = (local.candidateType === 'relay' && local.relayProtocol ? local.relayProtocol : local.protocol ?? '').toUpperCase();
  return { kind, transport, local: `${local.address}:${local.port}`, remote: `${remote.address}:${remote.port}` };
}

function rate({ lossPercent, rttMs, fps }) {
  const worse = t => lossPercent > t.loss || (rttMs ?? 0) > t.rttMs || (fps != null && fps > 0 && fps < t.fps);
  if (worse(RATING.poor)) return 'poor';
  if (worse(RATING.fair)) return 'fair';
  return 'good';
}
