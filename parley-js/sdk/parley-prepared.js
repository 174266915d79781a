// A call's peer connection made ahead (Parley.prepareCall), kept until a call in its role takes it.
import { PeerLink } from './parley-link.js';

/** Answers to a join that change nothing on the server: an offer sent with it reached nobody. */
const JOIN_REFUSALS = new Set(['full', 'already-in-room', 'too-many-rooms', 'forbidden', 'rate-limited', 'invalid-field',
  'field-too-long', 'bad-json', 'missing-field']);

export class PreparedLink {
  /** @type {{stream: MediaStream, link: PeerLink, welcome: object, tracks: MediaStreamTrack[], polite: boolean}|null} */
  _made = null;
  /** One whose offer is out with a join, until the join's outcome. @type {{made: object, description: RTCSessionDescriptionInit, cancelled: boolean}|null} */
  _claimed = null;

  /** The link made ahead, until a call takes it. @returns {PeerLink|null} */
  get link() { return this._made?.link ?? null; }

  /**
   * Makes one for `stream` with the connection's ICE servers, one at a time: to offer (its offer
   * started now), or `polite`, to answer (it waits for the other side's offer).
   * @param {MediaStream} stream @param {{iceServers: RTCIceServer[], relayOnly: boolean, welcome: object}} parley
   * @param {boolean} polite
   */
  make(stream, { iceServers, relayOnly, welcome }, polite) {
    const made = this._made;
    if (made?.stream === stream && made.polite === polite && fits(made, welcome)) return;
    if (this._claimed?.made.stream === stream && this._claimed.made.polite === polite) return; // its offer is out with a join
    this.cancel();
    const link = new PeerLink({ polite, iceServers, relayOnly, stream });
    this._made = { stream, link, welcome, tracks: stream.getTracks(), polite };
    link.offerNow();
  }

  /**
   * Joins `room` through `parley`, with the offer of the link made ahead for `stream` where one
   * fits and the server relays it (welcome feature 'join-signal'): a round trip sooner than after
   * 'joined'. `offered`: that link, now the call's, if its offer reached someone.
   * @param {import('./parley.js').Parley} parley @param {string} room @param {MediaStream} stream
   * @returns {Promise<{joined: {room: string, peers: object[]}, offered: PeerLink|null}>}
   */
  async joinWithOffer(parley, room, stream) {
    const claim = parley.welcome?.features?.includes('join-signal') ? this._claimOffer(stream, parley.welcome) : null;
    let joined;
    try {
      joined = await parley.join(room, claim ? { description: claim.description } : undefined);
    } catch (e) {
      if (claim) this._putBack(claim, parley.welcome, { reusable: JOIN_REFUSALS.has(e?.code) });
      throw e;
    }
    if (claim && joined.peers.length > 0) return { joined, offered: this._settle(claim) };
    if (claim) this._putBack(claim, parley.welcome, { reusable: true });
    return { joined, offered: null };
  }

  /**
   * The offer of the link made ahead for `stream` to offer, if it still fits, to go with a join:
   * the link is the call's if the offer reached someone (_settle), else comes back (_putBack).
   * Cancelling meanwhile closes it. @returns {{made: object, description: RTCSessionDescriptionInit, cancelled: boolean}|null}
   */
  _claimOffer(stream, welcome) {
    const p = this._made;
    if (!p || p.stream !== stream || p.polite || !fits(p, welcome)) return null;
    const description = p.link.takeUnsentOffer();
    if (!description) return null;
    this._made = null;
    this._claimed = { made: p, description, cancelled: false };
    return this._claimed;
  }

  /** The claimed offer reached someone: its link is the call's now (null if cancelled meanwhile). */
  _settle(claim) {
    if (this._claimed === claim) this._claimed = null;
    return claim.cancelled ? null : claim.made.link;
  }

  /**
   * A claimed offer that reached nobody (a refused join, an empty room): kept again if `reusable`,
   * still fitting and nothing else made meanwhile; else closed. One that may have reached
   * someone (no answer to the join, the connection lost) is not reusable: never offered twice.
   */
  _putBack(claim, welcome, { reusable }) {
    if (this._claimed === claim) this._claimed = null;
    const { made, description } = claim;
    made.link.restoreUnsentOffer(description);
    if (!reusable || claim.cancelled || this._made || !fits(made, welcome)) made.link.close();
    else this._made = made;
  }

  cancel() {
    this._made?.link.close();
    this._made = null;
    if (this._claimed) {
      this._claimed.cancelled = true;
      this._claimed.made.link.close();
      this._claimed = null;
    }
  }

  /** A call with `stream` ended: one made for it that it never took goes too. */
  forget(stream) {
    if (this._made?.stream === stream) this.cancel();
  }

  /**
   * The link for a call with `stream` in this role (`polite`: it answers), now the call's; else
   * null. Only while it still fits; one that no longer fits is closed.
   */
  take(stream, welcome, polite) {
    const p = this._made;
    if (!p || p.stream !== stream || p.polite !== polite) return null;
    this._made = null;
    if (fits(p, welcome)) return p.link;
    p.link.close();
    return null;
  }
}

/**
 * Whether a link made ahead still serves its stream: not closed, the same tracks, all live (no
 * device switched since), and the ICE servers of this welcome (TURN credentials expire).
 */
function fits({ stream, link, welcome, tracks: madeWith }, current) {
  const tracks = stream.getTracks();
  return welcome === current && link.pc.signalingState !== 'closed' && tracks.length === madeWith.length
    && tracks.every(t => t.readyState === 'live' && madeWith.includes(t));
}
