// The live call-quality line and chart.
import { $ } from './app-dom.js';

const PATHS = { direct: 'direct', stun: 'through NAT (STUN)', relay: 'via TURN relay' };

/** One line of live statistics, a good/fair/poor verdict, and the received bitrate as a small chart. */
export function showQuality(quality, s) {
  $('quality').hidden = false;
  $('quality-rating').textContent = s.rating;
  $('quality-rating').dataset.rating = s.rating;
  const parts = [];
  if (s.path) parts.push(`${PATHS[s.path.kind]} ${s.path.transport}`);
  parts.push(`↓ ${s.inKbps} kbit/s ↑ ${s.outKbps} kbit/s`, `${s.lossPercent}% lost`);
  if (s.rttMs != null) parts.push(`${s.rttMs} ms round trip`);
  if (s.fps != null && s.width) parts.push(`${s.width}×${s.height} at ${Math.round(s.fps)} fps${s.codec ? ` ${s.codec}` : ''}`);
  $('quality-text').textContent = parts.join(' · ');
  Object.assign($('quality').dataset, { path: s.path?.kind ?? '', transport: s.path?.transport ?? '', inKbps: s.inKbps,
    fps: s.fps ?? '', width: s.width ?? '', rtt: s.rttMs ?? '', codec: s.codec ?? '' });
  drawChart($('quality-chart'), (quality?.history ?? [s]).map(x => x.inKbps));
}

/** A group member's tile: the verdict and the essentials, in one short line. */
export function showTileQuality(figure, s) {
  let line = figure.querySelector('.quality-line');
  if (!line) {
    line = document.createElement('p');
    line.className = 'quality-line';
    const rating = document.createElement('span');
    rating.className = 'rating';
    line.append(rating, document.createElement('span'));
    figure.append(line);
  }
  const [rating, text] = line.children;
  rating.textContent = s.rating;
  rating.dataset.rating = s.rating;
  const parts = [`↓ ${s.inKbps} kbit/s`];
  if (s.path) parts.push(`${PATHS[s.path.kind]} ${s.path.transport}`);
  if (s.rttMs != null) parts.push(`${s.rttMs} ms`);
  text.textContent = parts.join(' · ');
  line.title = `${s.rating}: ${text.textContent}`;
  Object.assign(line.dataset, { path: s.path?.kind ?? '', inKbps: s.inKbps, rtt: s.rttMs ?? '' });
}

/**
 * No call, or nobody on the other side: no line (a last reading would stay on, frozen). The chart
 * is not touched: hidden, it shows nothing, and it is cleared before it is drawn again (its first
 * getContext costs a call's start milliseconds).
 */
export function hideQuality() {
  $('quality').hidden = true;
  $('quality-text').textContent = '';
  $('quality-peak').textContent = '';
}

/** The fewest samples the chart's width stands for: the first seconds of a call do not fill it at once. */
const CHART_MIN_SAMPLES = 10;

/** The received bitrate as a filled area, scaled to its peak, drawn at the screen's own pixel density. */
function drawChart(canvas, values) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio), height = Math.round(canvas.clientHeight * ratio);
  if (!width || !height) return;
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, width, height);
  const peak = Math.max(0, ...values);
  const max = Math.max(1, peak);
  $('quality-peak').textContent = `peak ${formatKbps(peak)}`;
  if (values.length < 2) return;
  // The history (up to two minutes) spread over the width, newest on the right.
  const step = width / (Math.max(CHART_MIN_SAMPLES, values.length) - 1);
  const x = i => width - (values.length - 1 - i) * step;
  const y = v => height - ratio - (v / max) * (height - 3 * ratio);
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#2563eb';
  g.beginPath();
  values.forEach((v, i) => (i === 0 ? g.moveTo(x(i), y(v)) : g.lineTo(x(i), y(v))));
  g.lineWidth = 2 * ratio;
  g.lineJoin = 'round';
  g.strokeStyle = accent;
  g.stroke();
  g.lineTo(x(values.length - 1), height);
  g.lineTo(x(0), height);
  g.closePath();
  g.globalAlpha = 0.3;
  g.fillStyle = accent;
  g.fill();
  g.globalAlpha = 1;
}

function formatKbps(kbps) {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps} kbit/s`;
}
