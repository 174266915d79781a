// The chat and file list beside a call.
import { $, formatBytes } from './app-dom.js';

export function addMessage(text, mine, id) {
  const li = document.createElement('li');
  li.className = mine ? 'mine' : 'theirs';
  li.textContent = text;
  if (mine) {
    li.dataset.id = id;
    const tick = document.createElement('span');
    tick.className = 'tick';
    tick.textContent = 'sending…';
    li.append(tick);
  }
  $('messages').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

/** A file on its way, either direction: name, progress bar, cancel; a download link once it arrived intact. */
/** @param {boolean} [named] whether to say who is at the other end (in a group; one-to-one, it is the only one) */
export function showTransfer(t, named = false) {
  const li = document.createElement('li');
  li.dataset.id = t.id;
  li.dataset.state = t.state;
  const label = document.createElement('span');
  const other = named ? ` ${t.direction === 'out' ? 'to' : 'from'} ${t.peer?.name ?? 'a guest'}` : '';
  label.textContent = `${t.direction === 'out' ? 'Sending' : 'Receiving'} ${t.name} (${formatBytes(t.size)})${other}`;
  const bar = document.createElement('progress');
  bar.max = t.size || 1;
  bar.value = 0;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'quiet';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => t.cancel());
  li.append(label, bar, cancel);
  $('transfers').append(li);
  t.addEventListener('progress', e => { bar.value = e.detail.bytes; });
  t.addEventListener('cancelled', e => {
    li.dataset.state = 'cancelled';
    cancel.remove();
    label.textContent = `${t.name}: cancelled${e.detail.by === 'peer' ? ` by ${named ? t.peer?.name ?? 'a guest' : 'the other person'}` : ''}`;
  });
  t.addEventListener('done', e => {
    li.dataset.state = e.detail.ok ? 'done' : 'failed';
    cancel.remove();
    bar.value = t.size;
    if (!e.detail.ok) { label.textContent = `${t.name}: arrived damaged (checksum mismatch) and was discarded`; return; }
    if (t.direction === 'out') { label.textContent = `Sent ${t.name} (${formatBytes(t.size)})${other}, checked`; return; }
    label.textContent = `Received ${t.name} (${formatBytes(t.size)})${other}, checked: `;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(e.detail.blob);
    a.download = t.name;
    a.textContent = 'Save';
    label.append(a);
  });
}


/** Marks a message of this side as arrived. */
export function markDelivered(id) {
  const tick = document.querySelector(`#messages li[data-id="${CSS.escape(id)}"] .tick`);
  if (tick) { tick.textContent = '✓ delivered'; tick.closest('li').dataset.delivered = 'true'; }
}
