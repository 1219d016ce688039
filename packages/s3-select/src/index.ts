export { SelectError } from './errors.ts';
export type { ByteSource } from './io/byte-source.ts';
export { type SelectRequest, type SelectResult, type SelectStats, select } from './select.ts';
export type {
  CSVInput,
  CSVOutput,
  InputSerialization,
  JSONInput,
  JSONOutput,
  OutputSerialization,
  ScanRange,
} from './serialization.ts';
