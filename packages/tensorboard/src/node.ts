export { EventFileWriter, type EventFileWriterOptions } from './eventFileWriter';
export {
  type EventFileContents,
  listEventFiles,
  type ReadEvent,
  readEventFile,
} from './readEventFiles';
