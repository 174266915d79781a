export class Sha256 {
    _h: Uint32Array<ArrayBuffer>;
    _block: Uint8Array<ArrayBuffer>;
    _filled: number;
    _length: number;
    _w: Uint32Array<ArrayBuffer>;
    /** @param {ArrayBuffer|Uint8Array} data */
    update(data: ArrayBuffer | Uint8Array): this;
    /** The digest as lowercase hex; the hasher is spent afterwards. */
    hex(): string;
    _compress(bytes: any, at: any): void;
}
