// A group call's page: a tile per member instead of one remote video.
import { $, notify, remoteStateWords, showRoomLink, showStream } from './app-dom.js';
import { addMessage, markDelivered, showTransfer } from './app-chat.js';
import { showTileQuality } from './app-quality.js';
import { setCallStatus } from './app-status.js';
import { CallEvent } from './parley.js';

/** A group call: the same page, with a tile per member instead of one remote video. */
export function showGroup(g, leaveCall) {
  notify('');
  $('home').hidden = true;
  $('call').hidden = false;
  $('remote').hidden = true;
  $('tiles').hidden = false;
  $('tiles').replaceChildren();
  document.querySelector('.stage').classList.add('group');
  $('quality').hidden = true; // each tile has its own line instead
  $('remote-badges').hidden = true;
  showRoomLink(g.room);
  $('messages').replaceChildren();
  $('transfers').replaceChildren();
  /** A member's tile (their camera), or with `screen` the tile of the screen they share. */
  const keyOf = (peer, screen) => (screen ? `${peer.id} screen` : peer.id);
  const existing = (peer, screen = false) => $('tiles').querySelector(`[data-peer="${CSS.escape(keyOf(peer, screen))}"]`);
  const tile = (peer, screen = false) => {
    let figure = existing(peer, screen);
    if (figure) return figure;
    const name = peer.name ?? 'Guest';
    figure = document.createElement('figure');
    figure.className = screen ? 'tile screen' : 'tile';
    figure.dataset.peer = keyOf(peer, screen);
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = screen; // a screen comes without sound; the camera tile plays the voice
    video.setAttribute('aria-label', screen ? `${name}'s shared screen` : `${name}'s video`);
    const caption = document.createElement('figcaption');
    caption.textContent = screen ? `${name}'s screen` : name;
    const badges = document.createElement('p');
    badges.className = 'badges';
    figure.append(video, caption, badges);
    $('tiles').append(figure);
    return figure;
  };
  g.addEventListener(CallEvent.REMOTE, e => showStream(tile(e.detail.peer).querySelector('video'), e.detail.stream));
  g.addEventListener(CallEvent.REMOTE_SCREEN, e => {
    if (e.detail.stream) showStream(tile(e.detail.peer, true).querySelector('video'), e.detail.stream);
    else existing(e.detail.peer, true)?.remove();
  });
  g.addEventListener(CallEvent.PEER_LEFT, e => {
    existing(e.detail.peer)?.remove();
    existing(e.detail.peer, true)?.remove();
    notify(`${e.detail.peer.name ?? 'Someone'} left the call.`);
  });
  g.addEventListener(CallEvent.QUALITY, e => { if (g.members.has(e.detail.peer.id)) showTileQuality(tile(e.detail.peer), e.detail.sample); });
  g.addEventListener(CallEvent.FILE, e => showTransfer(e.detail.transfer, true));
  g.addEventListener(CallEvent.REMOTE_STATE, e => {
    const { mic, cam, screen } = e.detail.state;
    const said = remoteStateWords(e.detail.peer.name);
    const words = [!mic && said.mic, !cam && said.cam, screen && said.screen].filter(Boolean);
    tile(e.detail.peer).querySelector('.badges').replaceChildren(...words.map(w => {
      const span = document.createElement('span');
      span.className = 'badge';
      span.textContent = w;
      return span;
    }));
  });
  g.addEventListener(CallEvent.CHAT, e => addMessage(`${e.detail.peer.name ?? 'Guest'}: ${e.detail.text}`, false));
  g.addEventListener(CallEvent.CHAT_DELIVERED, e => markDelivered(e.detail.id));
  const label = state => {
    $('call-state').textContent = state === 'waiting' ? `Waiting for others to join “${g.room}”…` : state === 'connecting' ? 'Connecting…' : '';
    document.body.dataset.callState = state;
    if (state === 'ended') leaveCall();
    else seats();
  };
  // The invitation only while the room has a free seat; the header counts who is here.
  const seats = () => {
    const capacity = g.parley.welcome?.limits?.roomCapacity ?? Infinity;
    $('share').hidden = g.members.size + 1 >= capacity;
    setCallStatus({ state: g.state, room: g.room, members: g.members.size, peer: null, path: null });
  };
  g.addEventListener(CallEvent.STATE, e => label(e.detail.state));
  // Someone new takes a seat before their media comes: the invitation goes at once if that fills the room.
  g.addEventListener(CallEvent.PEER_JOINED, seats);
  g.addEventListener(CallEvent.PEER_LEFT, seats);
  label(g.state);
}

