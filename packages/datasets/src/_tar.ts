import { createReadStream } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { registerTempFile, releaseTempFile, tempPathFor } from '@gantry/core/node';
import { fileSystemError, writeAll } from './_files';
import { DatasetError } from './errors';

const BLOCK = 512;

/** Reads exact byte counts from an async stream of chunks, counting the offset. */
class ByteReader {
  offset = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.done) {
      const r = await this.source.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
  }

  /** Up to n bytes (fewer only at the end of the stream). */
  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(out.length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    this.offset += out.length;
    return out;
  }

  /** Passes exactly n bytes to `sink` in pieces; throws `onShort` when the stream ends first. */
  async pipe(n: number, sink: (piece: Buffer) => Promise<void> | void, onShort: () => Error) {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0) await this.fill(1);
      const head = this.chunks[0];
      if (head === undefined) throw onShort();
      const piece = head.subarray(0, Math.min(left, head.length));
      if (piece.length === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(piece.length);
      this.buffered -= piece.length;
      this.offset += piece.length;
      left -= piece.length;
      await sink(piece);
    }
  }
}

const cString = (b: Buffer, start: number, length: number) => {
  const field = b.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
};

function parseSize(header: Buffer): number {
  const field = header.subarray(124, 136);
  if (((field[0] as number) & 0x80) !== 0) {
    // GNU base-256: big-endian binary after the marker bit.
    let v = (field[0] as number) & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + (field[i] as number);
    return v;
  }
  const text = cString(header, 124, 12).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return sum === Number.parseInt(cString(header, 148, 8).trim(), 8);
}

/** Values of a pax extended header ("<len> key=value\n" records). */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const len = Number.parseInt(data.subarray(at, space).toString('utf8'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/** Writes one entry through a registered temporary file; file-system errors name the path. */
async function extractEntry(
  reader: ByteReader,
  entry: { path: string; size: number; short: () => Error },
): Promise<void> {
  const temp = tempPathFor(entry.path);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx');
  } catch (error) {
    throw fileSystemError(error, temp, 'creating an extracted file');
  }
  registerTempFile(temp);
  try {
    await reader.pipe(
      entry.size,
      (piece) =>
        writeAll(handle, piece).then(
          () => {},
          (error: unknown) => Promise.reject(fileSystemError(error, temp, 'extracting')),
        ),
      entry.short,
    );
    await handle.sync();
    await handle.close();
    await rename(temp, entry.path);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw fileSystemError(error, entry.path, 'extracting');
  } finally {
    releaseTempFile(temp);
  }
}

/**
 * Streams a `.tar.gz` (ustar, GNU and pax headers) and writes the regular files for which
 * `select(path)` returns a name into `outDir` under that name, each through a temporary file
 * and a rename. Only names chosen by `select` are written (no path from the archive is used).
 * Returns the names written. Truncated or corrupt archives throw an error naming `archive` and
 * the byte offset in the uncompressed tar stream.
 */
export async function extractTarGz(
  archive: string,
  outDir: string,
  select: (path: string) => string | null,
): Promise<string[]> {
  const gunzip = createReadStream(archive).pipe(createGunzip());
  const reader = new ByteReader(gunzip[Symbol.asyncIterator]());
  const written: string[] = [];
  const fail = (code: 'E_TRUNCATED' | 'E_FORMAT', message: string, offset: number) =>
    new DatasetError(code, `${archive}: ${message}`, { file: archive, offset });
  let longName: string | undefined;
  let paxPath: string | undefined;
  try {
    while (true) {
      const at = reader.offset;
      const header = await reader.read(BLOCK);
      if (header.length === 0) break; // no end-of-archive blocks: accept what was read
      if (header.length < BLOCK) {
        throw fail('E_TRUNCATED', `truncated header at byte offset ${at} (tar stream)`, at);
      }
      if (header.every((b) => b === 0)) break;
      if (!checksumOk(header)) {
        throw fail('E_FORMAT', `bad tar header checksum at byte offset ${at}`, at);
      }
      const size = parseSize(header);
      const type = String.fromCharCode(header[156] as number);
      const ustar = cString(header, 257, 6).startsWith('ustar');
      const prefix = ustar ? cString(header, 345, 155) : '';
      const headerName = prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100);
      const name = paxPath ?? longName ?? headerName;
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      const short = () =>
        fail(
          'E_TRUNCATED',
          `truncated at byte offset ${reader.offset}: entry ${name} at ${at} declares ${size} bytes`,
          reader.offset,
        );
      if (type === 'L' || type === 'x') {
        const parts: Buffer[] = [];
        await reader.pipe(size, (p) => void parts.push(Buffer.from(p)), short);
        const data = Buffer.concat(parts);
        if (type === 'L') longName = cString(data, 0, data.length);
        else paxPath = parsePax(data).path ?? paxPath;
      } else {
        const regular = type === '0' || type === '\0' || type === '7';
        const target = regular ? select(name) : null;
        if (target === null) {
          await reader.pipe(size, () => {}, short);
        } else {
          await extractEntry(reader, { path: join(outDir, target), size, short });
          written.push(target);
        }
        longName = undefined;
        paxPath = undefined;
      }
      await reader.pipe(padding, () => {}, short);
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const truncated = /unexpected end of file/i.test((error as Error).message);
    throw new DatasetError(
      truncated ? 'E_TRUNCATED' : 'E_DECODE',
      `${archive}: ${truncated ? 'the gzip stream ends early' : 'corrupt gzip data'} after ${reader.offset} bytes of tar (${(error as Error).message})`,
      { file: archive, offset: reader.offset, cause: error },
    );
  } finally {
    gunzip.destroy();
  }
  return written;
}
