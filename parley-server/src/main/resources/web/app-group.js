// A group call's page: a tile per member instead of one remote video.
import { $, notify, showRoomLink } from './app-dom.js';
import { addMessage, markDelivered } from './app-chat.js';

/** A group call: the same page, with a tile per member instead of one remote video. */
export function showGroup(g, leaveCall) {
  notify('');
  $('home').hidden = true;
  $('call').hidden = false;
  $('remote').hidden = true;
  $('tiles').hidden = false;
  $('tiles').replaceChildren();
  document.querySelector('.stage').classList.add('group');
  // One-to-one features that do not fan out to a group yet.
  for (const id of ['screen', 'record', 'settings', 'file-button', 'quality']) $(id).hidden = true;
  $('remote-badges').hidden = true;
  showRoomLink(g.room);
  $('messages').replaceChildren();
  $('transfers').replaceChildren();
  const tile = peer => {
    let figure = $('tiles').querySelector(`[data-peer="${CSS.escape(peer.id)}"]`);
    if (figure) return figure;
    figure = document.createElement('figure');
    figure.className = 'tile';
    figure.dataset.peer = peer.id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('aria-label', `${peer.name ?? 'Someone'}'s video`);
    const caption = document.createElement('figcaption');
    caption.textContent = peer.name ?? 'Guest';
    const badges = document.createElement('p');
    badges.className = 'badges';
    figure.append(video, caption, badges);
    $('tiles').append(figure);
    return figure;
  };
  g.addEventListener('member', e => { tile(e.detail.peer).querySelector('video').srcObject = e.detail.stream; });
  g.addEventListener('member-left', e => {
    tile(e.detail.peer).remove();
    notify(`${e.detail.peer.name ?? 'Someone'} left the call.`);
  });
  g.addEventListener('remote-state', e => {
    const words = [!e.detail.state.mic && 'Muted', !e.detail.state.cam && 'Camera off'].filter(Boolean);
    tile(e.detail.peer).querySelector('.badges').replaceChildren(...words.map(w => {
      const span = document.createElement('span');
      span.className = 'badge';
      span.textContent = w;
      return span;
    }));
  });
  g.addEventListener('chat', e => addMessage(`${e.detail.peer.name ?? 'Guest'}: ${e.detail.text}`, false));
  g.addEventListener('chat-delivered', e => markDelivered(e.detail.id));
  const label = state => {
    $('call-state').textContent = state === 'waiting' ? `Waiting for others to join “${g.room}”…` : state === 'connecting' ? 'Connecting…' : '';
    document.body.dataset.callState = state;
    if (state === 'ended') leaveCall();
  };
  g.addEventListener('state', e => label(e.detail.state));
  label(g.state);
}

