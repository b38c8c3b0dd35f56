import * as zlib from 'node:zlib';

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function tableCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (TABLE[(c ^ b) & 255] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 (ISO 3309, as PNG and gzip use it): zlib's where Node has it (≥ 20.15), else a table. */
export const crc32: (bytes: Uint8Array) => number =
  typeof zlib.crc32 === 'function' ? (b) => zlib.crc32(b) >>> 0 : tableCrc32;
