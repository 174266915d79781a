// The device menus (camera, microphone, speaker) and what happens when a device in use goes away.
import { $, notify } from './app-dom.js';
import { ParleyError, listDevices, setSpeaker } from './parley.js';

/**
 * Wires the menus to the call in progress.
 * @param {{call: object|null, stream: MediaStream|null, attempt: (action: Function) => Promise<void>}} app
 *   a live view of the page's state
 */
export function setUpDevices(app) {
  /** When a device in use disappears (its track ends), switch to the first one of its kind still there. */
  function watchUnplug(c, track) {
    const deviceId = track.getSettings().deviceId;
    const noun = track.kind === 'video' ? 'camera' : 'microphone';
    track.addEventListener('ended', () => {
      if (app.call !== c || !c.stream.getTracks().includes(track)) return; // replaced or hung up, not unplugged
      app.attempt(async () => {
        const { cameras, microphones } = await listDevices();
        const left = (track.kind === 'video' ? cameras : microphones).find(d => d.id !== deviceId && d.id !== 'default');
        if (!left) throw new ParleyError('media-missing', `the ${noun} was unplugged`);
        await (track.kind === 'video' ? c.switchCamera(left.id) : c.switchMicrophone(left.id));
        notify(`The ${noun} was unplugged; now using ${left.label || 'another one'}.`);
      });
    }, { once: true });
  }

  /** Fills the menus, marking the devices in use; run again whenever devices come or go. */
  async function refresh() {
    const { cameras, microphones, speakers } = await listDevices();
    const inUse = kind => app.stream?.getTracks().find(t => t.kind === kind)?.getSettings().deviceId;
    const fill = (select, devices, current, label) => {
      select.replaceChildren(...devices.map((d, i) => {
        const option = document.createElement('option');
        option.value = d.id;
        option.textContent = d.label || `${label} ${i + 1}`;
        option.selected = d.id === current;
        return option;
      }));
      select.disabled = devices.length < 2;
    };
    // While the screen replaces the camera, the camera put aside is the one "in use".
    fill($('camera-choice'), cameras, app.call?._camera?.getSettings().deviceId ?? inUse('video'), 'Camera');
    fill($('mic-choice'), microphones, inUse('audio'), 'Microphone');
    fill($('speaker-choice'), speakers, $('remote').sinkId || 'default', 'Speaker');
    $('speaker-field').hidden = typeof $('remote').setSinkId !== 'function' || speakers.length === 0;
  }

  navigator.mediaDevices?.addEventListener('devicechange', () => refresh().catch(() => {}));
  $('camera-choice').addEventListener('change', () => app.call && app.attempt(() => app.call.switchCamera($('camera-choice').value)));
  $('mic-choice').addEventListener('change', () => app.call && app.attempt(() => app.call.switchMicrophone($('mic-choice').value)));
  $('speaker-choice').addEventListener('change', () => app.attempt(() => setSpeaker($('remote'), $('speaker-choice').value)));
  return { watchUnplug, refresh };
}
