// One RTCPeerConnection between two people, negotiated with the "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example): either side may start or
// restart negotiation at any time; when both offer at once, the polite side yields.

/**
 * Events: 'remote' (detail: the remote MediaStream), 'state' (detail: RTCPeerConnectionState).
 */
export class PeerLink extends EventTarget {
  /**
   * @param {{polite: boolean, iceServers: RTCIceServer[], stream?: MediaStream, send: (data: object) => void}} options
   *   send delivers a payload ({description} or {candidate}) to the other side
   */
  constructor({ polite, iceServers, stream, send }) {
    super();
    this.polite = polite;
    this._send = send;
    this._makingOffer = false;
    this._ignoreOffer = false;
    this.remoteStream = new MediaStream();
    this.pc = new RTCPeerConnection({ iceServers });
    this.pc.onnegotiationneeded = () => this._offer();
    this.pc.onicecandidate = ({ candidate }) => { if (candidate) this._send({ candidate: candidate.toJSON() }); };
    this.pc.ontrack = ({ track }) => {
      this.remoteStream.addTrack(track);
      this.dispatchEvent(new CustomEvent('remote', { detail: this.remoteStream }));
    };
    this.pc.onconnectionstatechange = () => {
      this.dispatchEvent(new CustomEvent('state', { detail: this.pc.connectionState }));
      if (this.pc.connectionState === 'failed') this.pc.restartIce();
    };
    for (const track of stream?.getTracks() ?? []) this.pc.addTrack(track, stream);
  }

  /** A payload the other side sent. */
  async handle({ description, candidate }) {
    try {
      if (description) {
        const collision = description.type === 'offer' && (this._makingOffer || this.pc.signalingState !== 'stable');
        this._ignoreOffer = !this.polite && collision;
        if (this._ignoreOffer) return;
        await this.pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this._send({ description: this.pc.localDescription.toJSON() });
        }
      } else if (candidate) {
        try {
          await this.pc.addIceCandidate(candidate);
        } catch (e) {
          if (!this._ignoreOffer) throw e;
        }
      }
    } catch (e) {
      console.warn('parley: negotiation step failed', e);
    }
  }

  close() {
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) track.stop();
  }

  async _offer() {
    try {
      this._makingOffer = true;
      await this.pc.setLocalDescription();
      this._send({ description: this.pc.localDescription.toJSON() });
    } catch (e) {
      console.warn('parley: could not make an offer', e);
    } finally {
      this._makingOffer = false;
    }
  }
}
