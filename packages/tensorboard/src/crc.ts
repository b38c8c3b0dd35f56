import { crc32c } from '@aws-crypto/crc32c';

/** TensorFlow's mask constant (`kMaskDelta` in tensorflow/tsl/lib/hash/crc32c.h). */
const MASK_DELTA = 0xa282ead8;

/**
 * The masked CRC32C that frames every TFRecord (and so every TensorBoard event record):
 * `((crc >>> 15) | (crc << 17)) + 0xa282ead8 (mod 2³²)` of the Castagnoli CRC of `bytes`. TensorFlow
 * masks the CRC so that a CRC of data that itself holds CRCs is not trivially related to them
 * (`crc32c::Mask` in tensorflow/tsl/lib/hash/crc32c.h, `masked_crc32c` in TensorBoard's
 * tensorboard/summary/writer/record_writer.py).
 *
 * @example
 * maskedCrc32c(new TextEncoder().encode('123456789')); // mask(0xe3069283)
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}
