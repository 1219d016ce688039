import { SelectError } from '../errors.ts';
import { Timestamp, type TimestampPrecision } from '../values.ts';
import type { DatePart } from './ast.ts';

/**
 * Ion timestamps as S3 Select reads and computes them
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-date.html).
 * Hand-written because no small library models Ion's precision and unknown-offset rules; a full Ion
 * library would be a heavy dependency for five functions.
 */

const ION_TIMESTAMP =
  /^(\d{4})(?:T|-(\d{2})(?:T|-(\d{2})(?:T(?:(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?))$/;

/** Parses Ion timestamp text (`2007T`, `2007-04T`, `2007-04-05`, `2007-04-05T14:30Z`, …); undefined if invalid. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const m = ION_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] ?? '';
  let precision: TimestampPrecision = 'year';
  if (m[6] !== undefined) precision = 'second';
  else if (m[4] !== undefined) precision = 'minute';
  else if (m[3] !== undefined) precision = 'day';
  else if (m[2] !== undefined) precision = 'month';
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = parseOffset(m[8]);
  if (offset === undefined) return undefined;
  return new Timestamp(year, month, day, hour, minute, second, fraction, offset, precision);
}

/** Z → 0, ±hh:mm → minutes, -00:00 or absent → null (Ion's unknown offset). */
function parseOffset(text: string | undefined): number | null | undefined {
  if (text === undefined || text === '-00:00') return null;
  if (text === 'Z') return 0;
  const hours = Number(text.slice(1, 3));
  const minutes = Number(text.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (text[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function timestampFromEpoch(
  ms: number,
  offsetMinutes: number | null,
  precision: TimestampPrecision,
  fraction?: string,
) {
  const local = new Date(ms + (offsetMinutes ?? 0) * 60_000);
  const frac = fraction ?? String(local.getUTCMilliseconds()).padStart(3, '0');
  return new Timestamp(
    local.getUTCFullYear(),
    local.getUTCMonth() + 1,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    frac,
    offsetMinutes,
    precision,
  );
}

/** UTCNOW(): the current time in UTC at millisecond precision. */
export function utcNow(): Timestamp {
  return timestampFromEpoch(Date.now(), 0, 'second');
}

const PRECISION_RANK: Record<TimestampPrecision, number> = {
  year: 0,
  month: 1,
  day: 2,
  minute: 3,
  second: 4,
};
const PART_PRECISION: Record<string, TimestampPrecision> = {
  year: 'year',
  month: 'month',
  day: 'day',
  hour: 'minute',
  minute: 'minute',
  second: 'second',
};

/** DATE_ADD: adds `quantity` of `part`; the result gains precision as needed (2010T + 1 month → 2010-02T). */
export function dateAdd(part: DatePart, quantity: number, ts: Timestamp): Timestamp {
  if (!Number.isInteger(quantity)) {
    throw new SelectError('IncorrectSqlFunctionArgumentType', 'DATE_ADD takes a whole-number quantity');
  }
  const wanted = PART_PRECISION[part];
  if (!wanted) throw new SelectError('EvaluatorInvalidArguments', `DATE_ADD cannot add ${part}`);
  const precision = PRECISION_RANK[wanted] > PRECISION_RANK[ts.precision] ? wanted : ts.precision;
  let { year, month, day } = ts;
  let ms = 0;
  if (part === 'year' || part === 'month') {
    const total = year * 12 + (month - 1) + (part === 'year' ? quantity * 12 : quantity);
    year = Math.floor(total / 12);
    month = (total % 12) + 1;
    day = Math.min(day, daysInMonth(year, month));
  } else {
    ms = quantity * { day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 }[part as 'day'];
  }
  const wall = Date.UTC(year, month - 1, day, ts.hour, ts.minute, ts.second) + ms;
  const d = new Date(wall);
  const timeAdded = PRECISION_RANK[precision] >= PRECISION_RANK.minute;
  return new Timestamp(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    ts.fraction,
    timeAdded ? ts.offsetMinutes : null,
    precision,
  );
}

/** DATE_DIFF: whole `part`s from a to b, counting only complete units (23:00 → 01:00 next day is 0 days). */
export function dateDiff(part: DatePart, a: Timestamp, b: Timestamp): number {
  const msA = a.epochMs;
  const msB = b.epochMs;
  if (part === 'year' || part === 'month') {
    const da = new Date(msA);
    const db = new Date(msB);
    let months = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + (db.getUTCMonth() - da.getUTCMonth());
    const restA = msA - Date.UTC(da.getUTCFullYear(), da.getUTCMonth());
    const restB = msB - Date.UTC(db.getUTCFullYear(), db.getUTCMonth());
    if (months > 0 && restB < restA) months--;
    if (months < 0 && restB > restA) months++;
    return part === 'year' ? Math.trunc(months / 12) : months;
  }
  const unit = { day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 }[part as 'day'];
  if (!unit) throw new SelectError('EvaluatorInvalidArguments', `DATE_DIFF cannot compare ${part}`);
  return Math.trunc((msB - msA) / unit);
}

/** EXTRACT(part FROM ts), reading the wall-clock fields at the timestamp's own offset. */
export function extract(part: DatePart, ts: Timestamp): number {
  switch (part) {
    case 'year':
      return ts.year;
    case 'month':
      return ts.month;
    case 'day':
      return ts.day;
    case 'hour':
      return ts.hour;
    case 'minute':
      return ts.minute;
    case 'second':
      // Fractional seconds are part of the second, as in PartiQL: 05.006 → 5.006.
      return ts.fraction === '' ? ts.second : Number(`${ts.second}.${ts.fraction}`);
    case 'timezone_hour':
      return Math.trunc((ts.offsetMinutes ?? 0) / 60);
    case 'timezone_minute':
      return (ts.offsetMinutes ?? 0) % 60;
  }
}
