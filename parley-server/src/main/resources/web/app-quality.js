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
  if (s.fps != null && s.width) parts.push(`${s.width}×${s.height} at ${Math.round(s.fps)} fps`);
  $('quality-text').textContent = parts.join(' · ');
  Object.assign($('quality').dataset, { path: s.path?.kind ?? '', transport: s.path?.transport ?? '', inKbps: s.inKbps,
    fps: s.fps ?? '', width: s.width ?? '', rtt: s.rttMs ?? '' });
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

function drawChart(canvas, values) {
  const g = canvas.getContext('2d');
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  const max = Math.max(1, ...values);
  g.strokeStyle = getComputedStyle(document.documentElement).getPropertyValue('--accent') || '#2563eb';
  g.lineWidth = 1.5;
  g.beginPath();
  values.forEach((v, i) => {
    const x = width - (values.length - 1 - i) * (width / 119);
    const y = height - 2 - (v / max) * (height - 4);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
}

