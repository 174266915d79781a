// The Record button: a recording of the call on this device, offered as a file when it stops.
import { $, notify, setToggle, formatBytes } from './app-dom.js';
import { ParleyError, CallRecorder } from './parley.js';

/**
 * @param {{call: object|null, stream: MediaStream|null, attempt: (action: Function) => Promise<void>}} app
 *   a live view of the page's state
 * @returns {{stop(): void}} stop keeps what was recorded (for a call that ends while recording)
 */
export function setUpRecording(app) {
  let recorder = null; // while one runs

  /** In the call's recording line; once the call has ended, as a notice on the home screen. */
  function show(...nodes) {
    if (!app.call) { notify(null, nodes); return; }
    $('recording').replaceChildren(...nodes);
    $('recording').hidden = false;
  }

  function showRecording({ blob, seconds }) {
    if (blob.size === 0) { // an empty file would only fail to play later, with the browser's own words
      show(document.createTextNode('Nothing was recorded: the browser handed over no data.'));
      return;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `parley-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.webm`;
    a.textContent = `Save the recording (${Math.round(seconds)} s, ${formatBytes(blob.size)})`;
    if (app.call) show(a);
    else show(document.createTextNode('The call was recorded on this device. '), a);
  }

  $('record').addEventListener('click', () => app.attempt(async () => {
    if (recorder) {
      const r = recorder;
      recorder = null;
      setToggle('record', false, 'Record', 'Stop recording');
      showRecording(await r.stop());
      return;
    }
    const c = app.call;
    // Everyone's camera and any shared screen, read again while recording (people come and go).
    const sources = () => (c.members ? [...c.members.values()].flatMap(m => [m.stream, m.screen]) : [$('remote').srcObject, $('remote-shared').srcObject])
      .filter(Boolean);
    if (sources().length === 0) throw new ParleyError('not-connected', 'nothing to record yet');
    recorder = new CallRecorder(sources, app.stream);
    setToggle('record', true, 'Record', 'Stop recording');
    $('recording').hidden = false;
    $('recording').textContent = 'Recording on this device…';
  }));

  return {
    stop() {
      if (recorder) { const r = recorder; recorder = null; r.stop().then(showRecording); }
      setToggle('record', false, 'Record', 'Stop recording');
    },
  };
}
