/**
 * A call with everyone in a room. Its events are CallEvent's, each about one member as `peer` (a
 * Participant), as a MediaCall's are about its one other person: 'peer-joined' when a link with
 * someone starts, 'peer-left' when they leave; 'state' (detail {state, reason}): 'waiting' alone,
 * 'connecting', 'connected' with someone, 'ended' with a reason. 'chat-delivered' comes once every
 * member the message went to has it. Devices, screen sharing (to everyone) and send settings are
 * LocalSide's.
 */
export class GroupCall extends LocalSide {
    /** Joins the room and links up with whoever is, or comes, there. */
    static join(parley: any, room: any, stream: any): Promise<GroupCall>;
    constructor(parley: any, joined: any, stream: any);
    parley: any;
    room: any;
    state: string;
    /** The other members, by session id. @type {Map<string, Participant>} */
    members: Map<string, Participant>;
    _pendingReceipts: Map<any, any>;
    /** What the connection hands this call: its room's traffic, and the session's events. */
    _hear(type: any, d: any): void;
    /** Sends a chat message to every member. @returns {string} its id, for 'chat-delivered' */
    chat(text: any): string;
    /**
     * Sends a file to every member connected now, each over their own link.
     * @param {File|Blob} file @param {string} [name] @returns {import('./parley-data.js').FileTransfer[]} one per member, `peer` naming them
     */
    sendFile(file: File | Blob, name?: string): import("./parley-data.js").FileTransfer[];
    hangup(): Promise<void>;
    _add(who: any, polite: any): void;
    _member(id: any): Participant;
    _remove(id: any): void;
    _receipt(chatId: any, memberId: any): void;
    _updateState(): void;
    _end(reason: any): void;
    _emit(type: any, detail: any): void;
}
import { LocalSide } from './parley-local.js';
import { Participant } from './parley-participant.js';
