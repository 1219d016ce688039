/**
 * The SQL value model of the evaluator, and how the CSV and JSON writers render each value.
 *
 * | SqlValue            | JS shape                         | CSV field (renderCsvValue)      | JSON (toJsonValue)          |
 * | ------------------- | -------------------------------- | ------------------------------- | --------------------------- |
 * | NULL                | `null`                           | empty                           | `null`                      |
 * | MISSING             | the `MISSING` symbol             | empty                           | `undefined` → field omitted |
 * | BOOL                | `boolean`                        | `true` / `false`                | boolean                     |
 * | INT, FLOAT, DECIMAL | `number` (INT is an integer)     | shortest round-trip digits      | number                      |
 * | STRING              | `string`                         | the text (writer quotes it)     | string                      |
 * | TIMESTAMP           | `Timestamp`                      | Ion text at its own precision   | that text as a string       |
 * | list / struct       | JS array / plain object (JSON)   | JSON text                       | as-is, MISSING members gone |
 *
 * Numbers are JS doubles: INT keeps exact values up to 2^53, which covers the data the labs read; S3's full
 * 64-bit INT range would cost a bigint check on every arithmetic step of the hot path.
 */

/** A JSON path that names nothing evaluates to MISSING, which is distinct from a present `null`. */
export const MISSING: unique symbol = Symbol('MISSING');
export type Missing = typeof MISSING;

export type SqlValue =
  | null
  | Missing
  | boolean
  | number
  | string
  | Timestamp
  | SqlValue[]
  | { [key: string]: SqlValue };

/** How much of a timestamp is known; Ion timestamps print only up to their precision. */
export type TimestampPrecision = 'year' | 'month' | 'day' | 'minute' | 'second';

/**
 * An Ion timestamp, as S3 Select keeps it: a point in time plus the precision and offset it was written with
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-data-types.html).
 * Fields are the local wall-clock time at `offsetMinutes`; `offsetMinutes` null is Ion's unknown offset `-00:00`.
 */
export class Timestamp {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    /** Fraction-of-second digits exactly as written ('' for none), so `.006` prints back as `.006`. */
    readonly fraction: string,
    readonly offsetMinutes: number | null,
    readonly precision: TimestampPrecision,
  ) {}

  /** Milliseconds since the epoch in UTC (fraction digits beyond milliseconds are kept in `fraction`). */
  get epochMs(): number {
    const local = Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second);
    const ms = this.fraction === '' ? 0 : Number(`0.${this.fraction}`) * 1000;
    return local + ms - (this.offsetMinutes ?? 0) * 60_000;
  }

  /** Seconds fraction as a number in [0, 1), for ordering timestamps beyond millisecond precision. */
  get fractionValue(): number {
    return this.fraction === '' ? 0 : Number(`0.${this.fraction}`);
  }

  toString(): string {
    const y = pad(this.year, 4);
    if (this.precision === 'year') return `${y}T`;
    const mo = `${y}-${pad(this.month, 2)}`;
    if (this.precision === 'month') return `${mo}T`;
    const d = `${mo}-${pad(this.day, 2)}`;
    if (this.precision === 'day') return d;
    let t = `${d}T${pad(this.hour, 2)}:${pad(this.minute, 2)}`;
    if (this.precision === 'second') {
      t += `:${pad(this.second, 2)}`;
      if (this.fraction !== '') t += `.${this.fraction}`;
    }
    return t + formatOffset(this.offsetMinutes);
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatOffset(offsetMinutes: number | null): string {
  if (offsetMinutes === null) return '-00:00';
  if (offsetMinutes === 0) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** Renders one output value as the text of a CSV field, before the writer applies quoting. */
export function renderCsvValue(value: SqlValue): string {
  if (typeof value === 'string') return value;
  if (value === null || value === MISSING) return '';
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Timestamp) return value.toString();
  return JSON.stringify(toJsonValue(value));
}

/** Converts one output value into what JSON.stringify should write; undefined means "omit this field". */
export function toJsonValue(value: SqlValue): unknown {
  if (value === MISSING) return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Timestamp) return value.toString();
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item) ?? null);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = toJsonValue(value[key] as SqlValue);
    if (member !== undefined) out[key] = member;
  }
  return out;
}

function renderNumber(n: number): string {
  if (Number.isFinite(n)) return String(n);
  if (Number.isNaN(n)) return 'nan';
  return n > 0 ? '+inf' : '-inf';
}
