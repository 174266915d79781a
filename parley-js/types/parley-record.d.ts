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
    _onData: () => void;
    _resync: number;
    startedAt: number;
    _started: Promise<void>;
    get recording(): boolean;
    /**
     * Stops recording.
     * @returns {Promise<{blob: Blob, seconds: number}>} the file; its size is 0 when the browser
     *   recorded nothing
     */
    stop(): Promise<{
        blob: Blob;
        seconds: number;
    }>;
    /**
     * Resolves once the recorder has been quiet for LATE_DATA_MS. The spec hands over the last data
     * before the stop event, but Firefox (153) may hand it over after: when its muxer held the whole
     * recording back waiting for a track that never produced (an audio mix whose AudioContext never
     * ran, as with no sound device), all of it arrives after 'stop', and a file made at 'stop' is empty.
     * @returns {Promise<void>}
     */
    _lateData(): Promise<void>;
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
