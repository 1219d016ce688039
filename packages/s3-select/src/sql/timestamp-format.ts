import { SelectError } from '../errors.ts';
import type { Timestamp } from '../values.ts';

/**
 * TO_STRING(timestamp, pattern): the pattern letters S3 documents (Java DateTimeFormatter style), e.g.
 * `MMMM d, y` → "July 20, 1969", `y-MM-dd'T'H:m:ssX` → "1969-07-20T20:18:00Z". Text in single quotes is
 * literal and '' is a quote; any other letter is an error, other characters are copied.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

type Piece = string | ((ts: Timestamp) => string);

const cache = new Map<string, Piece[]>();

export function formatTimestamp(ts: Timestamp, pattern: string): string {
  let pieces = cache.get(pattern);
  if (!pieces) {
    pieces = compilePattern(pattern);
    if (cache.size < 256) cache.set(pattern, pieces);
  }
  let out = '';
  for (const p of pieces) out += typeof p === 'string' ? p : p(ts);
  return out;
}

function compilePattern(pattern: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        pieces.push("'");
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) {
          throw new SelectError(
            'EvaluatorUnterminatedTimestampFormatPatternToken',
            `The quoted text in the TO_STRING pattern ${JSON.stringify(pattern)} is not closed`,
          );
        }
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          j++;
        }
        text += pattern[j];
        j++;
      }
      pieces.push(text);
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      pieces.push(c);
      i++;
      continue;
    }
    let j = i;
    while (pattern[j] === c) j++;
    pieces.push(symbol(c, j - i, pattern));
    i = j;
  }
  return pieces;
}

function symbol(letter: string, count: number, pattern: string): (ts: Timestamp) => string {
  const num = (get: (ts: Timestamp) => number) => (ts: Timestamp) => String(get(ts)).padStart(count, '0');
  switch (letter) {
    case 'y':
      return count === 2 ? (ts) => String(ts.year % 100).padStart(2, '0') : num((ts) => ts.year);
    case 'M':
      if (count === 3) return (ts) => MONTHS[ts.month - 1]!.slice(0, 3);
      if (count === 4) return (ts) => MONTHS[ts.month - 1]!;
      if (count === 5) return (ts) => MONTHS[ts.month - 1]!.slice(0, 1);
      return num((ts) => ts.month);
    case 'd':
      return num((ts) => ts.day);
    case 'a':
      return (ts) => (ts.hour < 12 ? 'AM' : 'PM');
    case 'h':
      return num((ts) => ts.hour % 12 || 12);
    case 'H':
      return num((ts) => ts.hour);
    case 'm':
      return num((ts) => ts.minute);
    case 's':
      return num((ts) => ts.second);
    case 'S':
      return (ts) => ts.fraction.padEnd(count, '0').slice(0, count);
    case 'n':
      return (ts) => String(Math.round(ts.fractionValue * 1e9)).padStart(count, '0');
    case 'X':
    case 'x':
      return (ts) => formatZone(ts.offsetMinutes ?? 0, count, letter === 'X');
  }
  throw new SelectError(
    'EvaluatorInvalidTimestampFormatPatternSymbol',
    `The TO_STRING pattern ${JSON.stringify(pattern)} uses the unknown symbol ${letter}; quote literal text with '…'`,
  );
}

/** X/x offsets: X=+08 (or +0830), XX=+0800, XXX=+08:00, XXXX=+0800, XXXXX=+08:00; X prints Z for UTC. */
function formatZone(offset: number, count: number, zForZero: boolean): string {
  if (offset === 0 && zForZero) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  if (count === 1) return mm === '00' ? sign + hh : sign + hh + mm;
  if (count === 3 || count === 5) return `${sign}${hh}:${mm}`;
  return sign + hh + mm;
}
