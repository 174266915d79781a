/** Records until stop(), which resolves with the file. */
export class CallRecorder {
    /**
     * @param {MediaStream | (() => MediaStream[])} remote what to record: one stream, or a function
     *   read again while recording (members come and go, a screen is shared). One video is recorded
     *   as it is; several, when recording starts, are laid out side by side on a canvas.
     * @param {MediaStream} [local] whose microphone is mixed in
     */
    constructor(remote: MediaStream | (() => MediaStream[]), local?: MediaStream);
    _sources: () => MediaStream[];
    _local: MediaStream;
    _audio: AudioContext;
    _mix: MediaStreamAudioDestinationNode;
    _mixed: Map<any, any>;
    mimeType: string;
    _recorder: MediaRecorder;
    _chunks: any[];
    _resync: number;
    startedAt: number;
    _started: Promise<void>;
    get recording(): boolean;
    /** @returns {Promise<{blob: Blob, seconds: number}>} */
    stop(): Promise<{
        blob: Blob;
        seconds: number;
    }>;
    _videoTracks(): MediaStreamTrack[];
    /** Every voice in the sources and this side's microphone, each mixed in once. */
    _syncAudio(): void;
    /** Resolves once every video the grid started with has a picture, or after PLAYERS_READY_MS at most. */
    _playersReady(): Promise<any>;
    /** A canvas showing every video of the sources in a grid, as one track. */
    _grid(): MediaStreamTrack[];
    _players: Map<any, any>;
    _stage: HTMLDivElement & {
        ariaHidden: string;
    };
    _draw: number;
}
