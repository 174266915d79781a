/** Longest chat message, in characters; a data channel message must stay well under 256 KiB. */
export const MAX_CHAT_CHARS: 4000;
/**
 * One file on its way, in either direction. Events: 'progress' (detail {bytes, size}), 'done'
 * (detail {ok, sha256, blob?}: blob on the receiving side, ok false if the check failed),
 * 'cancelled' (detail {by: 'me' | 'peer'}).
 */
export class FileTransfer extends EventTarget {
    constructor(data: any, { id, name, size, type, direction }: {
        id: any;
        name: any;
        size: any;
        type: any;
        direction: any;
    });
    _data: any;
    bytes: number;
    /** 'sending' | 'receiving' | 'done' | 'failed' | 'cancelled' */
    state: string;
    _channel: any;
    cancel(): void;
    _cancelled(by: any): void;
    _progress(): void;
    _done(ok: any, sha256: any, blob: any): void;
    sha256: any;
    /** The received file (receiving side, when it arrived intact). */
    blob: any;
}
/**
 * The data side of one peer connection. Events: 'remote-state' ({state}: {mic, cam, screen,
 * screenStream}, where screenStream is the id of the stream a screen shared beside the camera is
 * in), 'chat' ({id, text, at}), 'chat-delivered' ({id}), 'file' ({transfer}: an incoming
 * FileTransfer, already under way).
 */
export class CallData extends EventTarget {
    /** @param {RTCPeerConnection} pc @param {RTCDataChannel} control a negotiated channel both sides opened */
    constructor(pc: RTCPeerConnection, control: RTCDataChannel);
    pc: RTCPeerConnection;
    control: RTCDataChannel;
    localState: {
        mic: boolean;
        cam: boolean;
        screen: boolean;
        screenStream: any;
    };
    remoteState: {
        mic: boolean;
        cam: boolean;
        screen: boolean;
        screenStream: any;
    };
    /** @type {Map<string, FileTransfer>} */
    transfers: Map<string, FileTransfer>;
    _early: Map<any, any>;
    get open(): boolean;
    /** Tells the other side what this side's mic, camera and screen are doing. */
    setState(change: any): void;
    /** Sends a chat message; 'chat-delivered' with the returned id follows when it arrived. */
    chat(text: any, id?: string): string;
    /** Sends a File or Blob. @returns {FileTransfer} */
    sendFile(file: any, name?: any): FileTransfer;
    _pump(t: any, file: any, channel: any): Promise<void>;
    _giveUpLater(t: any): void;
    _channel(channel: any): void;
    _receiveInto(t: any, channel: any): void;
    /** The last chunk and the sender's digest travel on different channels: whichever is last ends it. */
    _finishIfComplete(t: any): void;
    _receive(text: any): void;
    _control(message: any): void;
    _emit(type: any, detail: any): void;
}
