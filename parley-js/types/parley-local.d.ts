/**
 * Base of MediaCall and GroupCall; subclasses say which links they have (`links`) and hand each
 * new one to `_attach`. Events: 'local-track' ({track}: the track this side now sends after a
 * device switch or a screen share replacing the camera); 'local-screen' ({stream}: a screen shared
 * beside the camera, null when it stops).
 */
export class LocalSide extends EventTarget {
    /** @param {MediaStream} stream camera and microphone */
    constructor(stream: MediaStream);
    stream: MediaStream;
    /**
     * What this side tells the other(s) about its devices; `screenStream` names the stream of a
     * screen shared beside the camera (the far side tells it from the camera by that id).
     */
    localState: {
        mic: boolean;
        cam: boolean;
        screen: boolean;
        screenStream: any;
    };
    /** Send settings, kept for every peer connection of this call. */
    maxBitrateKbps: any;
    preferredCodec: any;
    _camera: MediaStreamTrack;
    _beside: {
        track: MediaStreamTrack;
        stream: MediaStream;
    };
    /** @returns {import('./parley-link.js').PeerLink[]} the call's current peer connections */
    get links(): import("./parley-link.js").PeerLink[];
    setMicEnabled(on: any): void;
    setCameraEnabled(on: any): void;
    /**
     * Caps the video this side sends, in kbit/s (null: no cap), without renegotiating; it holds for
     * later connections of this call too.
     */
    setMaxBitrate(kbps: any): Promise<void>;
    /**
     * Prefers a video codec ('video/VP9', 'video/H264', … as RTCRtpSender.getCapabilities lists;
     * null for the browser's default) and renegotiates so it takes effect.
     */
    preferCodec(mimeType: any): Promise<void>;
    /** Switches to another camera mid-call, without renegotiating (RTCRtpSender.replaceTrack). */
    switchCamera(deviceId: any): Promise<void>;
    /** Switches to another microphone mid-call, without renegotiating. */
    switchMicrophone(deviceId: any): Promise<void>;
    /**
     * Shares a screen (a window or tab, as the person picks). Beside the camera (the default), it
     * is a second video the far side shows next to the camera, at the cost of one renegotiation;
     * otherwise it takes the camera's place, without renegotiating. The far side is told either way.
     */
    shareScreen({ beside }?: {
        beside?: boolean;
    }): Promise<void>;
    /** Stops sharing the screen: back to the camera alone. */
    stopSharing(): Promise<void>;
    get sharingScreen(): boolean;
    /** True while the screen goes out as a second video beside the camera. */
    get sharingBeside(): boolean;
    /** Sets a new peer connection up like the others: the screen if one is shared, the send settings. */
    _attach(link: any): void;
    _addScreen(link: any): void;
    /** Puts a track in place of this side's track of the same kind, on the wire and in the local stream. */
    _replace(track: any, { keepOld }?: {
        keepOld?: boolean;
    }): Promise<void>;
    _tell(change: any): void;
    /** Releases what the call itself opened (a screen, the camera put aside); the stream stays the caller's. */
    _releaseLocal(): void;
}
