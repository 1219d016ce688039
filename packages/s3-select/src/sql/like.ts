import { SelectError } from '../errors.ts';

/**
 * Turns a LIKE pattern into an anchored RegExp: `%` any run, `_` any one character, and the ESCAPE
 * character makes the next `%`, `_` or itself literal. Any other escaped character is an error, as in S3
 * (EvaluatorLikePatternInvalidEscapeSequence).
 */
export function likeToRegExp(pattern: string, escapeChar: string | undefined): RegExp {
  if (escapeChar !== undefined && Array.from(escapeChar).length !== 1) {
    throw new SelectError(
      'EvaluatorInvalidArguments',
      `The ESCAPE of a LIKE must be one character, not '${escapeChar}'`,
    );
  }
  let source = '^';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escapeChar !== undefined && c === escapeChar) {
      const next = chars[i + 1];
      if (next !== '%' && next !== '_' && next !== escapeChar) {
        throw new SelectError(
          'EvaluatorLikePatternInvalidEscapeSequence',
          `Invalid escape sequence in LIKE pattern '${pattern}': ${escapeChar} may only precede %, _ or itself`,
        );
      }
      source += escapeRegExp(next);
      i++;
    } else if (c === '%') {
      source += '[\\s\\S]*';
    } else if (c === '_') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`${source}$`, 'u');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
