/** How often the statistics are read. */
export const QUALITY_INTERVAL_MS: 1000;
export namespace RATING {
    namespace poor {
        let loss: number;
        let rttMs: number;
        let fps: number;
    }
    namespace fair {
        let loss_1: number;
        export { loss_1 as loss };
        let rttMs_1: number;
        export { rttMs_1 as rttMs };
        let fps_1: number;
        export { fps_1 as fps };
    }
}
/**
 * @typedef {{at: number, inKbps: number, outKbps: number, lossPercent: number, rttMs: number|null,
 *   fps: number|null, width: number|null, height: number|null, codec: string|null,
 *   path: {kind: 'direct'|'stun'|'relay', transport: string, local: string, remote: string}|null,
 *   rating: 'good'|'fair'|'poor'}} QualitySample
 */
/** Reads a peer connection's statistics every second. Events: 'sample' ({sample}: a QualitySample). */
export class CallQuality extends EventTarget {
    /** @param {RTCPeerConnection} pc */
    constructor(pc: RTCPeerConnection);
    pc: RTCPeerConnection;
    /** @type {QualitySample[]} */
    history: QualitySample[];
    _last: {
        at: number;
        inBytes: number;
        outBytes: number;
        received: number;
        lost: number;
        video: Map<any, any>;
    };
    _stopped: boolean;
    _timer: number;
    /** The latest sample, or null before the first. */
    get latest(): QualitySample;
    /** No more samples, not even from a reading under way. */
    stop(): void;
    _read(): Promise<void>;
}
export type QualitySample = {
    at: number;
    inKbps: number;
    outKbps: number;
    lossPercent: number;
    rttMs: number | null;
    fps: number | null;
    width: number | null;
    height: number | null;
    codec: string | null;
    path: {
        kind: "direct" | "stun" | "relay";
        transport: string;
        local: string;
        remote: string;
    } | null;
    rating: "good" | "fair" | "poor";
};
