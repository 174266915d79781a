/**
 * Camera and microphone, with failures turned into ParleyError codes a UI can explain:
 * 'insecure-context', 'media-denied', 'media-missing', 'media-busy'.
 * @param {MediaStreamConstraints} [constraints] @returns {Promise<MediaStream>}
 */
export function openMedia(constraints?: MediaStreamConstraints): Promise<MediaStream>;
/** Sets (or lifts, with null) the cap on every video sender's first encoding. */
export function applyMaxBitrate(pc: any, kbps: any): Promise<void>;
/** Puts the codec first in every video transceiver's preferences; false if this browser lacks it. */
export function applyCodecPreference(pc: any, mimeType: any): boolean;
/**
 * Cameras, microphones and speakers, for a settings menu. Labels are empty until the page has
 * been given the camera or microphone once (browsers hide them before).
 */
export function listDevices(): Promise<{
    cameras: {
        id: string;
        label: string;
    }[];
    microphones: {
        id: string;
        label: string;
    }[];
    speakers: {
        id: string;
        label: string;
    }[];
}>;
/** Plays a media element through a given speaker, where the browser allows choosing (setSinkId). */
export function setSpeaker(element: any, deviceId: any): Promise<void>;
/** Video codecs this browser can send, for a settings menu. */
export function videoCodecs(): string[];
