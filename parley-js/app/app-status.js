// The header's status line: the connection to the server and, during a call, where the call stands.
import { $ } from './app-dom.js';

const PATHS = { direct: 'direct', stun: 'through NAT', relay: 'via TURN relay' };

/**
 * What the line is made of. `signaling`: 'idle' (not connected yet), 'connecting',
 * 'connected', 'reconnecting' or 'offline' (closed for good); `call`: null or {state, peer, room, members, path}.
 */
const status = { signaling: 'idle', name: null, call: null };

/** Merges what changed and redraws the line. */
export function setStatus(changes) {
  Object.assign(status, changes);
  const text = describe(status);
  $('connection').textContent = text;
  $('connection').title = text;
  document.body.dataset.signaling = status.signaling;
}

/** Merges what changed about the call in progress (nothing when there is none). */
export function setCallStatus(changes) {
  if (changes === null) setStatus({ call: null });
  else setStatus({ call: { ...status.call, ...changes } });
}

function describe({ signaling, name, call }) {
  // The server connection first: while it is down, that is what a person needs to know.
  if (signaling === 'reconnecting') return 'reconnecting…';
  if (signaling === 'idle') return '';
  if (signaling === 'offline') return 'offline';
  if (signaling === 'connecting') return 'connecting…';
  if (!call) return name ? `online as ${name}` : 'connected to the server';
  const who = call.peer ?? 'the other person';
  switch (call.state) {
    case 'waiting': return `waiting in “${call.room}”`;
    case 'ringing': return `ringing ${who}…`;
    case 'connecting': return call.members != null ? 'connecting…' : `connecting to ${who}…`;
    case 'reconnecting': return `call with ${who} interrupted, reconnecting…`;
    case 'connected': {
      const where = call.members != null ? `with ${call.members} other${call.members === 1 ? '' : 's'}`
        : call.peer ? `with ${call.peer}` : call.room ? `in “${call.room}”` : '';
      return [['in a call', where].filter(Boolean).join(' '), call.path && PATHS[call.path]].filter(Boolean).join(' · ');
    }
    default: return name ? `online as ${name}` : 'connected to the server';
  }
}
