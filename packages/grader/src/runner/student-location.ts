import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { SourceLocation } from '../model/run-result.ts';

interface StackFrame {
  file: string;
  line: number;
  column?: number;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const FILE_POSITION = /((?:\/|\.{0,2}\/?)[^\s:()[\]'"]+\.(?:[cm]?[jt]sx?)):(\d+)(?::(\d+))?/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function framesOf(error: unknown, bases: string[]): StackFrame[] {
  if (!error || typeof error !== 'object') return [];
  const record = error as { stacks?: StackFrame[]; stack?: string; message?: string };
  // Vitest attaches source-mapped frames as `stacks`; a transform error names the file only in its message,
  // relative to the working directory or to the Vite root.
  const stacks = Array.isArray(record.stacks) ? record.stacks : [];
  const text = stripAnsi(`${record.message ?? ''}\n${record.stack ?? ''}`);
  const parsed = [...text.matchAll(FILE_POSITION)].map((match) => {
    const path = match[1]!.replace(/^file:\/\//, '');
    const file =
      bases.map((base) => resolve(base, path)).find((candidate) => existsSync(candidate)) ?? resolve(path);
    return { file, line: Number(match[2]), ...(match[3] ? { column: Number(match[3]) } : {}) };
  });
  return [...stacks, ...parsed];
}

const inside = (dir: string, file: string) => {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** A frame line of a V8 stack: `    at fn (/path/file.ts:3:9)` or `    at /path/file.ts:3:9`. */
const FRAME_LINE = /^\s*at\s/;

/**
 * True when the student's code threw this value itself: the first frame of its stack (where it was made) lies
 * in `codeDir`, or it has no stack at all (a plain object thrown). An error the endpoint, the SDK or Node made
 * starts in node_modules or node's internals even when the student's code called them. Only the frames count,
 * never the message, which the thrower chose. What a chosen name (ECONNREFUSED, HarnessError) may claim about
 * whose fault a failure is, is believed only for an error the student's code did not make.
 */
export function thrownByStudentCode(error: unknown, codeDir: string): boolean {
  const stack = error && typeof error === 'object' ? (error as { stack?: unknown }).stack : undefined;
  if (typeof stack !== 'string') return true;
  const first = stripAnsi(stack)
    .split('\n')
    .find((line) => FRAME_LINE.test(line));
  if (!first) return true;
  const position = [...first.matchAll(FILE_POSITION)][0];
  return position !== undefined && inside(codeDir, resolve(position[1]!.replace(/^file:\/\//, '')));
}

/**
 * The first frame of the error that lies in the student's code (`codeDir`), as a path relative to the lab
 * folder when the code lives inside it, so the terminal shows `starter/whoami.ts:12`.
 */
export function studentLocation(error: unknown, codeDir: string, labDir: string): SourceLocation | undefined {
  const frame = framesOf(error, [process.cwd(), labDir]).find((candidate) => inside(codeDir, candidate.file));
  if (!frame) return undefined;
  const file = inside(labDir, frame.file) ? relative(labDir, frame.file) : frame.file;
  return { file, line: frame.line, ...(frame.column ? { column: frame.column } : {}) };
}
