/**
 * Compares what a command printed with what the document shows. A document writes the parts that change
 * from run to run as placeholders (docs/writing-docs.md):
 *   `…`            any text within one line (a time, a request id, the rest of a long line)
 *   a line `…`     any number of lines, none included
 *   `<name>`       one word with no spaces, e.g. `<port>`, `<apiId>`, `<account>`
 * Colours and trailing spaces are dropped on both sides, and blank lines at either end.
 */
import { stripVTControlCharacters } from 'node:util';

export function normaliseOutput(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The expected text as one anchored pattern over lines that each end in a newline: literal text, with each
 * placeholder made a wildcard.
 */
function toPattern(expected: string): RegExp {
  const source = normaliseOutput(expected)
    .split('\n')
    .map((line) => {
      if (line.trim() === '…') return '(?:[^\\n]*\\n)*?';
      const parts = line.split(/(…|<[A-Za-z][\w-]*>)/);
      const pattern = parts.map((part, index) => {
        if (index % 2 === 0) return escapeRegExp(part);
        return part === '…' ? '[^\\n]*?' : '[^\\s]+';
      });
      return `${pattern.join('')}\\n`;
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** Whether `actual` is what `expected` shows, placeholders and all. */
export function outputMatches(expected: string, actual: string): boolean {
  return toPattern(expected).test(`${normaliseOutput(actual)}\n`);
}
