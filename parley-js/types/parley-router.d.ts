/**
 * The server's room and call traffic as a ParleyEvent: its type and detail, or null for anything
 * else (replies are answers to requests, not events).
 * @param {any} m a message the server sent
 * @returns {{type: string, detail: object}|null}
 */
export function trafficEvent(m: any): {
    type: string;
    detail: object;
} | null;
/**
 * @typedef {object} Hearing what a call does with what the connection hands it
 * @property {(type: string, detail: any) => void} _hear an event about its room or call, or the session's
 * @property {(m: any) => boolean} [_takeUp] a ring naming it after a server restart: true if taken as this call
 */
/**
 * The SDK's calls on one connection, by the room or the direct call's id they are in, so each event
 * is handed to the one call it concerns, and the session's events (restored, close) to all.
 */
export class CallRouter {
    /** @type {Map<string, Hearing>} room → its call */
    _rooms: Map<string, Hearing>;
    /** @type {Map<string, Hearing>} direct call id → the call (an IncomingCall while it rings) */
    _direct: Map<string, Hearing>;
    /** @param {string} room @param {Hearing} call */
    room(room: string, call: Hearing): void;
    /** @param {string} id @param {Hearing} call */
    direct(id: string, call: Hearing): void;
    /** Forgets a call, under whatever it is known by. @param {Hearing} call */
    release(call: Hearing): void;
    /** @param {{type: string, detail: any}} event */
    deliver({ type, detail }: {
        type: string;
        detail: any;
    }): void;
    /** @param {{resume: string}} ring an incoming call naming a call the server lost */
    takeUp(ring: {
        resume: string;
    }): boolean;
}
/**
 * what a call does with what the connection hands it
 */
export type Hearing = {
    /**
     * an event about its room or call, or the session's
     */
    _hear: (type: string, detail: any) => void;
    /**
     * a ring naming it after a server restart: true if taken as this call
     */
    _takeUp?: (m: any) => boolean;
};
