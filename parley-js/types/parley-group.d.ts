/**
 * Events: 'member' (detail {peer, stream}: someone's media arrived), 'member-screen' (detail {peer,
 * stream}: the screen someone shares beside their camera; stream null when they stop),
 * 'member-left' (detail {peer}), 'remote-state' (detail {peer, state}), 'chat' (detail {peer, id,
 * text, at}), 'chat-delivered' (detail {id}: every member the message went to has it), 'file'
 * (detail: an incoming FileTransfer, its sender in `peer`), 'quality' (detail {peer, sample}, every
 * second per member), 'peer-away' / 'peer-back' (detail {peer}), 'state' (detail {state}: 'waiting'
 * alone, 'connected' with someone, 'ended' with a reason). Devices, screen sharing (to everyone)
 * and send settings are LocalSide's.
 */
export class GroupCall extends LocalSide {
    /** Joins the room and links up with whoever is, or comes, there. */
    static join(parley: any, room: any, stream: any): Promise<GroupCall>;
    constructor(parley: any, joined: any, stream: any);
    parley: any;
    room: any;
    state: string;
    /**
     * The other members, by session id.
     * @type {Map<string, {peer: object, link: PeerLink, stream: MediaStream|null, screen: MediaStream|null, quality: CallQuality}>}
     */
    members: Map<string, {
        peer: object;
        link: PeerLink;
        stream: MediaStream | null;
        screen: MediaStream | null;
        quality: CallQuality;
    }>;
    _pendingReceipts: Map<any, any>;
    _off: any[];
    /** Sends a chat message to every member. @returns {string} its id, for 'chat-delivered' */
    chat(text: any): string;
    /**
     * Sends a file to every member connected now, each over their own link.
     * @param {File|Blob} file @returns {import('./parley-data.js').FileTransfer[]} one per member, `peer` naming them
     */
    sendFile(file: File | Blob, name: any): import("./parley-data.js").FileTransfer[];
    hangup(): Promise<void>;
    _add(peer: any, polite: any): void;
    _member(id: any, create: any): {
        peer: object;
        link: PeerLink;
        stream: MediaStream | null;
        screen: MediaStream | null;
        quality: CallQuality;
    };
    _remove(id: any): void;
    _receipt(chatId: any, memberId: any): void;
    _updateState(): void;
    _end(reason: any): void;
    _emit(type: any, detail: any): void;
}
import { LocalSide } from './parley-local.js';
import { PeerLink } from './parley-link.js';
import { CallQuality } from './parley-quality.js';
