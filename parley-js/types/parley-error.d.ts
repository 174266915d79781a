/** A refused request or a failure, with a protocol error code or one of the SDK's own codes. */
export class ParleyError extends Error {
    /** @param {string} code @param {string} message @param {string} [request] */
    constructor(code: string, message: string, request?: string);
    /**
     * A protocol code (docs/protocol.md) such as 'name-taken', or the SDK's: 'full', 'offline',
     * 'busy', 'unreachable', 'closed', 'timeout', 'not-connected', 'media-denied', 'media-missing',
     * 'media-busy', 'insecure-context', 'screen-denied', 'screen-missing', 'unsupported'.
     */
    code: string;
    request: string;
}
