// The SDK's streaming SHA-256 (parley-sha256.js), which checks every file sent over a call: the
// FIPS 180-4 examples, and any split of the input giving the digest node:crypto gives for the whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Sha256 } from '../sdk/parley-sha256.js';

const text = s => new TextEncoder().encode(s);
const digest = (...pieces) => {
  const h = new Sha256();
  for (const p of pieces) h.update(p);
  return h.hex();
};
const reference = bytes => createHash('sha256').update(bytes).digest('hex');

test('the FIPS 180-4 examples', () => {
  assert.equal(digest(text('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(digest(text('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(digest(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
});

test('a million bytes of "a", fed in 1000 pieces of 1000', () => {
  const piece = text('a'.repeat(1000));
  const h = new Sha256();
  for (let i = 0; i < 1000; i++) h.update(piece);
  assert.equal(h.hex(), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
});

test('every length around the 64-byte block and its 56-byte padding limit', () => {
  for (let n = 0; n <= 200; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
    assert.equal(digest(bytes), reference(bytes), `${n} bytes`);
  }
});

test('any split of the input gives the digest of the whole, ArrayBuffers and views alike', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const whole = Uint8Array.from({ length: 300_000 }, () => Math.floor(random() * 256));
  const expected = reference(whole);
  for (let round = 0; round < 20; round++) {
    const h = new Sha256();
    for (let at = 0; at < whole.length;) {
      const size = Math.floor(random() * (round < 10 ? 130 : 70_000));
      const piece = whole.subarray(at, at + size);
      h.update(round % 2 ? piece : piece.slice().buffer);
      at += size;
    }
    assert.equal(h.hex(), expected, `round ${round}`);
  }
});
