export { maskedCrc32c } from './crc';
export { TensorboardError, type TensorboardErrorCode } from './errors';
export {
  decodeEvent,
  type EventImage,
  encodeEvent,
  FILE_VERSION,
  SESSION_STATUS,
  type SessionLog,
  type SummaryValue,
  type TfEvent,
} from './event';
export { type FilteredEvents, filterEvents } from './filterEvents';
export { frameRecord, type ParsedRecords, parseRecords, type RecordSpan } from './records';
export {
  EVENT_FILE_PREFIX,
  eventFileName,
  isEventFileName,
  pngImageValue,
  scalarValues,
} from './summaries';
