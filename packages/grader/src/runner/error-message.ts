import { stripAnsi } from './student-location.ts';

/**
 * A report shows one line per failure; it is cut only past this length, which keeps a whole CloudFormation
 * status reason (up to a few hundred characters, the cause of a failed deploy) and a deep-equality message
 * with the field that differs.
 */
const MAX_LENGTH = 600;

/** One line that says what went wrong, from a Vitest serialized error (or any thrown value). */
export function describeError(error: unknown): string {
  if (error === null || typeof error !== 'object') return `threw a non-Error value: ${String(error)}`;
  const record = error as { name?: unknown; message?: unknown };
  const message = typeof record.message === 'string' ? stripAnsi(record.message) : '';
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // "Transform failed with 1 error:" says nothing on its own; the next line names the problem.
  const firstLine = lines[0]?.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1]}` : (lines[0] ?? '');
  const name = typeof record.name === 'string' ? record.name : '';
  let line: string;
  if (!firstLine && !name) line = `threw a non-Error value: ${safeJson(error)}`;
  else if (!name || name === 'Error' || name === 'AssertionError' || firstLine.startsWith(name))
    line = firstLine;
  else line = `${name}: ${firstLine}`;
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}

function safeJson(value: unknown): string {
  try {
    // Vitest adds an empty `stacks` list to every thrown value it serializes.
    const { stacks: _stacks, ...rest } = value as Record<string, unknown>;
    return JSON.stringify(rest) ?? String(value);
  } catch {
    return String(value);
  }
}
