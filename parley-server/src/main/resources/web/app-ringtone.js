// The sound of an incoming call.

/** Two short beeps every two seconds, made with Web Audio (no sound file to fetch). */
export function startRingtone() {
  let ctx;
  try { ctx = new AudioContext(); } catch { return null; }
  const beep = at => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.3);
  };
  const cycle = () => { beep(ctx.currentTime); beep(ctx.currentTime + 0.4); };
  cycle();
  const timer = setInterval(cycle, 2000);
  return { stop() { clearInterval(timer); ctx.close(); } };
}

