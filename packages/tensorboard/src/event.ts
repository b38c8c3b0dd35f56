import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { TensorboardError } from './errors';

/**
 * The few fields of TensorBoard's protobufs that Gantry writes, by field number, from
 * tensorboard/compat/proto/event.proto and summary.proto (the same as TensorFlow's
 * tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto):
 *
 * ```
 * Event       { double wall_time = 1; int64 step = 2;
 *               oneof what { string file_version = 3; Summary summary = 5; SessionLog session_log = 7; }
 *               SourceMetadata source_metadata = 10; }
 * Summary     { repeated Value value = 1; }
 * Value       { string tag = 1; oneof value { float simple_value = 2; Image image = 4; } }
 * Image       { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
 * SessionLog  { SessionStatus status = 1; string checkpoint_path = 2; string msg = 3; }
 * SourceMetadata { string writer = 1; }
 * ```
 *
 * Fields of a `oneof` are always written, zero included (proto3 gives them presence: a
 * `simple_value` of 0 left out would be no value at all).
 */
const F = {
  event: { wallTime: 1, step: 2, fileVersion: 3, summary: 5, sessionLog: 7, source: 10 },
  summary: { value: 1 },
  value: { tag: 1, simpleValue: 2, image: 4 },
  image: { height: 1, width: 2, colorspace: 3, encoded: 4 },
  sessionLog: { status: 1, checkpointPath: 2, msg: 3 },
  source: { writer: 1 },
} as const;

/** The first event of every file: TensorBoard reads only files that start with it. */
export const FILE_VERSION = 'brain.Event:2';

/** `SessionLog.SessionStatus`: a `START` after the first tells TensorBoard the run restarted. */
export const SESSION_STATUS = { unspecified: 0, start: 1, stop: 2, checkpoint: 3 } as const;

/** An image as TensorBoard stores it: encoded bytes (PNG here) and what they hold. */
export interface EventImage {
  height: number;
  width: number;
  /** 1 grayscale, 2 grayscale + alpha, 3 RGB, 4 RGBA. */
  colorspace: number;
  encoded: Uint8Array;
}

/** One value of a summary: a scalar (`simpleValue`) or an image. */
export interface SummaryValue {
  tag: string;
  simpleValue?: number;
  image?: EventImage;
}

/** A `SessionLog`: `status` 1 (START) marks where a resumed run continues. */
export interface SessionLog {
  status: number;
  checkpointPath?: string;
  msg?: string;
}

/** The parts of TensorBoard's `Event` that Gantry writes and reads. */
export interface TfEvent {
  /** Seconds since the Unix epoch. */
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: SummaryValue[];
  sessionLog?: SessionLog;
  /** `source_metadata.writer`, on the first event of a file. */
  writer?: string;
}

function writeValue(w: BinaryWriter, v: SummaryValue): void {
  w.tag(F.summary.value, WireType.LengthDelimited).fork();
  w.tag(F.value.tag, WireType.LengthDelimited).string(v.tag);
  if (v.simpleValue !== undefined) w.tag(F.value.simpleValue, WireType.Bit32).float(v.simpleValue);
  if (v.image) {
    const i = v.image;
    w.tag(F.value.image, WireType.LengthDelimited).fork();
    w.tag(F.image.height, WireType.Varint).int32(i.height);
    w.tag(F.image.width, WireType.Varint).int32(i.width);
    w.tag(F.image.colorspace, WireType.Varint).int32(i.colorspace);
    w.tag(F.image.encoded, WireType.LengthDelimited).bytes(i.encoded);
    w.join();
  }
  w.join();
}

/**
 * The protobuf bytes of an `Event` (what {@link frameRecord} frames).
 *
 * @example
 * encodeEvent({ wallTime: Date.now() / 1000, step: 10, summary: [{ tag: 'loss/D', simpleValue: 1.38 }] });
 */
export function encodeEvent(event: TfEvent): Uint8Array {
  if (!Number.isSafeInteger(event.step) || event.step < 0) {
    throw new TensorboardError(
      'E_BAD_VALUE',
      `an event's step must be a non-negative integer, got ${event.step}`,
      { option: 'step' },
    );
  }
  const w = new BinaryWriter();
  w.tag(F.event.wallTime, WireType.Bit64).double(event.wallTime);
  w.tag(F.event.step, WireType.Varint).int64(event.step);
  if (event.fileVersion !== undefined)
    w.tag(F.event.fileVersion, WireType.LengthDelimited).string(event.fileVersion);
  if (event.summary) {
    w.tag(F.event.summary, WireType.LengthDelimited).fork();
    for (const v of event.summary) writeValue(w, v);
    w.join();
  }
  if (event.sessionLog) {
    const s = event.sessionLog;
    w.tag(F.event.sessionLog, WireType.LengthDelimited).fork();
    w.tag(F.sessionLog.status, WireType.Varint).int32(s.status);
    if (s.checkpointPath !== undefined)
      w.tag(F.sessionLog.checkpointPath, WireType.LengthDelimited).string(s.checkpointPath);
    if (s.msg !== undefined) w.tag(F.sessionLog.msg, WireType.LengthDelimited).string(s.msg);
    w.join();
  }
  if (event.writer !== undefined) {
    w.tag(F.event.source, WireType.LengthDelimited).fork();
    w.tag(F.source.writer, WireType.LengthDelimited).string(event.writer);
    w.join();
  }
  return w.finish();
}

/** Calls `field(fieldNo, wireType)` for each field of the message in `bytes`; it returns false to skip one. */
function eachField(
  r: BinaryReader,
  end: number,
  field: (no: number, type: WireType) => boolean,
): void {
  while (r.pos < end) {
    const [no, type] = r.tag();
    if (!field(no, type)) r.skip(type, no);
  }
}

function readImage(bytes: Uint8Array): EventImage {
  const r = new BinaryReader(bytes);
  const image: EventImage = { height: 0, width: 0, colorspace: 0, encoded: new Uint8Array() };
  eachField(r, r.len, (no, type) => {
    if (type === WireType.Varint && no === F.image.height) image.height = r.int32();
    else if (type === WireType.Varint && no === F.image.width) image.width = r.int32();
    else if (type === WireType.Varint && no === F.image.colorspace) image.colorspace = r.int32();
    else if (type === WireType.LengthDelimited && no === F.image.encoded) image.encoded = r.bytes();
    else return false;
    return true;
  });
  return image;
}

function readValue(bytes: Uint8Array): SummaryValue {
  const r = new BinaryReader(bytes);
  const value: SummaryValue = { tag: '' };
  eachField(r, r.len, (no, type) => {
    if (type === WireType.LengthDelimited && no === F.value.tag) value.tag = r.string();
    else if (type === WireType.Bit32 && no === F.value.simpleValue) value.simpleValue = r.float();
    else if (type === WireType.LengthDelimited && no === F.value.image)
      value.image = readImage(r.bytes());
    else return false;
    return true;
  });
  return value;
}

function readSessionLog(bytes: Uint8Array): SessionLog {
  const r = new BinaryReader(bytes);
  const log: SessionLog = { status: 0 };
  eachField(r, r.len, (no, type) => {
    if (type === WireType.Varint && no === F.sessionLog.status) log.status = r.int32();
    else if (type === WireType.LengthDelimited && no === F.sessionLog.checkpointPath)
      log.checkpointPath = r.string();
    else if (type === WireType.LengthDelimited && no === F.sessionLog.msg) log.msg = r.string();
    else return false;
    return true;
  });
  return log;
}

function readEvent(bytes: Uint8Array): TfEvent {
  const r = new BinaryReader(bytes);
  const event: TfEvent = { wallTime: 0, step: 0 };
  eachField(r, r.len, (no, type) => {
    const E = F.event;
    if (type === WireType.Bit64 && no === E.wallTime) event.wallTime = r.double();
    else if (type === WireType.Varint && no === E.step) event.step = Number(r.int64());
    else if (type === WireType.LengthDelimited && no === E.fileVersion)
      event.fileVersion = r.string();
    else if (type === WireType.LengthDelimited && no === E.summary) {
      const s = new BinaryReader(r.bytes());
      event.summary = [];
      eachField(s, s.len, (sNo, sType) => {
        if (sType !== WireType.LengthDelimited || sNo !== F.summary.value) return false;
        event.summary?.push(readValue(s.bytes()));
        return true;
      });
    } else if (type === WireType.LengthDelimited && no === E.sessionLog)
      event.sessionLog = readSessionLog(r.bytes());
    else if (type === WireType.LengthDelimited && no === E.source) {
      const s = new BinaryReader(r.bytes());
      eachField(s, s.len, (sNo, sType) => {
        if (sType !== WireType.LengthDelimited || sNo !== F.source.writer) return false;
        event.writer = s.string();
        return true;
      });
    } else return false;
    return true;
  });
  return event;
}

/**
 * Decodes the protobuf bytes of an `Event` (fields Gantry does not use are skipped); bytes that
 * are not a valid protobuf are a `TensorboardError` `E_BAD_EVENT` naming `where`.
 *
 * @example
 * decodeEvent(encodeEvent({ wallTime: 1, step: 2 })); // { wallTime: 1, step: 2 }
 */
export function decodeEvent(bytes: Uint8Array, where = 'event'): TfEvent {
  try {
    return readEvent(bytes);
  } catch (error) {
    throw new TensorboardError(
      'E_BAD_EVENT',
      `${where}: not a TensorBoard Event protobuf (${(error as Error).message})`,
      {},
      error,
    );
  }
}
