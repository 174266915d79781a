// The devices side of a call: camera and microphone access, the device menus, speakers, and the
// send settings (bitrate cap, codec preference) applied to a peer connection.
import { ParleyError } from './parley-error.js';

/**
 * Camera and microphone, with failures turned into ParleyError codes a UI can explain:
 * 'insecure-context', 'media-denied', 'media-missing', 'media-busy'.
 * @param {MediaStreamConstraints} [constraints] @returns {Promise<MediaStream>}
 */
export async function openMedia(constraints = { audio: true, video: true }) {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw new ParleyError('insecure-context', 'browsers give the camera only to https:// pages and to localhost');
  }
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (e) {
    const code = { NotAllowedError: 'media-denied', SecurityError: 'media-denied', NotFoundError: 'media-missing',
      OverconstrainedError: 'media-missing', NotReadableError: 'media-busy', AbortError: 'media-busy' }[e.name] ?? 'media-missing';
    throw new ParleyError(code, e.message || e.name);
  }
}

/** Sets (or lifts, with null) the cap on every video sender's first encoding. */
export async function applyMaxBitrate(pc, kbps) {
  if (!pc) return;
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue;
    const params = sender.getParameters();
    if (!params.encodings?.length) continue;
    if (kbps) params.encodings[0].maxBitrate = kbps * 1000;
    else delete params.encodings[0].maxBitrate;
    await sender.setParameters(params);
  }
}

/** Puts the codec first in every video transceiver's preferences; false if this browser lacks it. */
export function applyCodecPreference(pc, mimeType) {
  const codecs = RTCRtpReceiver.getCapabilities('video')?.codecs ?? [];
  const wanted = mimeType ? codecs.filter(c => c.mimeType.toLowerCase() === mimeType.toLowerCase()) : [];
  if (mimeType && wanted.length === 0) return false;
  const ordered = mimeType ? [...wanted, ...codecs.filter(c => !wanted.includes(c))] : codecs;
  for (const t of pc.getTransceivers()) {
    if (t.receiver.track?.kind === 'video' && t.setCodecPreferences) t.setCodecPreferences(ordered);
  }
  return true;
}

/**
 * Cameras, microphones and speakers, for a settings menu. Labels are empty until the page has
 * been given the camera or microphone once (browsers hide them before).
 */
export async function listDevices() {
  const all = await navigator.mediaDevices.enumerateDevices();
  const of = kind => all.filter(d => d.kind === kind).map(d => ({ id: d.deviceId, label: d.label }));
  return { cameras: of('videoinput'), microphones: of('audioinput'), speakers: of('audiooutput') };
}

/** Plays a media element through a given speaker, where the browser allows choosing (setSinkId). */
export async function setSpeaker(element, deviceId) {
  if (typeof element.setSinkId !== 'function') throw new ParleyError('unsupported', 'this browser plays through its default speaker only');
  await element.setSinkId(deviceId);
}

/** Video codecs this browser can send, for a settings menu. */
export function videoCodecs() {
  const seen = new Set();
  return (RTCRtpSender.getCapabilities('video')?.codecs ?? []).map(c => c.mimeType)
    .filter(m => !/rtx|red|ulpfec|flexfec/i.test(m) && !seen.has(m) && seen.add(m));
}

