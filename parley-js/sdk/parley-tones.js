// The sounds of a direct call before it is answered, made with Web Audio (no sound file to fetch):
// the ringtone of an incoming call, and the ringback a caller hears while the other side rings.

/** Incoming: two short 880 Hz beeps every two seconds, hard to miss. */
export const RINGTONE = { frequency: 880, level: 0.15, beeps: [[0, 250], [400, 250]], everyMs: 2000 };
/** Outgoing: the European ringback, 425 Hz for one second in four, quieter. */
export const RINGBACK = { frequency: 425, level: 0.06, beeps: [[0, 1000]], everyMs: 4000 };

/**
 * Plays a pattern until stop(). `output` is the node everything passes through on its way to the
 * speakers (tests listen there). Browsers start audio only on a page the person has interacted
 * with; going online or calling is such an interaction, so the sound can start.
 * @returns {{stop(): void, output: GainNode, context: AudioContext} | null} null without Web Audio
 */
export function startTone({ frequency, level, beeps, everyMs }) {
  let context;
  try { context = new AudioContext(); } catch { return null; }
  const output = context.createGain();
  output.connect(context.destination);
  const beep = (at, ms) => {
    const osc = context.createOscillator();
    const envelope = context.createGain();
    osc.frequency.value = frequency;
    // Short ramps at both ends: a tone switched on or off at once clicks.
    envelope.gain.setValueAtTime(0, at);
    envelope.gain.linearRampToValueAtTime(level, at + 0.01);
    envelope.gain.setValueAtTime(level, at + ms / 1000 - 0.02);
    envelope.gain.linearRampToValueAtTime(0, at + ms / 1000);
    osc.connect(envelope).connect(output);
    osc.start(at);
    osc.stop(at + ms / 1000 + 0.01);
  };
  const cycle = () => { for (const [offset, ms] of beeps) beep(context.currentTime + offset / 1000, ms); };
  context.resume().catch(() => {});
  cycle();
  const timer = setInterval(cycle, everyMs);
  return { output, context, stop() { clearInterval(timer); context.close().catch(() => {}); } };
}

export const startRingtone = () => startTone(RINGTONE);
export const startRingback = () => startTone(RINGBACK);
