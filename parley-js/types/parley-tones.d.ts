/**
 * Plays a pattern until stop(). `output` is the node everything passes through on its way to the
 * speakers (tests listen there). Browsers start audio only on a page the person has interacted
 * with; going online or calling is such an interaction, so the sound can start.
 * @returns {{stop(): void, output: GainNode, context: AudioContext} | null} null without Web Audio
 */
export function startTone({ frequency, level, beeps, everyMs }: {
    frequency: any;
    level: any;
    beeps: any;
    everyMs: any;
}): {
    stop(): void;
    output: GainNode;
    context: AudioContext;
} | null;
export namespace RINGTONE {
    let frequency: number;
    let level: number;
    let beeps: number[][];
    let everyMs: number;
}
export namespace RINGBACK {
    let frequency_1: number;
    export { frequency_1 as frequency };
    let level_1: number;
    export { level_1 as level };
    let beeps_1: number[][];
    export { beeps_1 as beeps };
    let everyMs_1: number;
    export { everyMs_1 as everyMs };
}
export function startRingtone(): {
    stop(): void;
    output: GainNode;
    context: AudioContext;
};
export function startRingback(): {
    stop(): void;
    output: GainNode;
    context: AudioContext;
};
