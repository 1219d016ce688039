/**
 * Turns a solution file into its starter: every `BEGIN SOLUTION n` … `END SOLUTION` region becomes a stub
 * that tells the student which exercise to write. Hand-written because the nbgrader-style marker format
 * is ours (no library implements it for TypeScript) and the transform is a few lines of line scanning.
 *
 * Markers are whole lines: `// BEGIN SOLUTION 3` / `// END SOLUTION` in TypeScript and JavaScript,
 * `# BEGIN SOLUTION 3` / `# END SOLUTION` in YAML and shell files.
 */

/** Comment leader per file extension; files with other extensions are copied verbatim. */
const COMMENT_BY_EXTENSION: Record<string, string> = {
  '.ts': '//',
  '.mts': '//',
  '.cts': '//',
  '.tsx': '//',
  '.js': '//',
  '.mjs': '//',
  '.cjs': '//',
  '.yaml': '#',
  '.yml': '#',
  '.sh': '#',
};

/** Exercise number → title. */
export type ExerciseTitles = Record<number, string> | ReadonlyMap<number, string>;

/** A marker problem, reported as `file:line: message` so an author can jump to it. */
export class StarterMarkerError extends Error {
  readonly code = 'StarterMarker';
  constructor(
    readonly file: string,
    /** 1-based */
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'StarterMarkerError';
  }
}

export function commentLeaderFor(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  return COMMENT_BY_EXTENSION[dot === -1 ? '' : file.slice(dot)];
}

/**
 * The stub line for exercise n. TypeScript stubs throw, so a function whose body is stubbed still
 * typechecks against its declared return type (a `throw` has type never).
 */
export function stubLine(leader: string, indent: string, n: number, title: string): string {
  const text = `TODO(${n}): ${title} — see README.md, exercise ${n}`;
  if (leader === '#') return `${indent}# ${text}`;
  const quoted = text.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  return `${indent}throw new Error('${quoted}');`;
}

/** A `BEGIN SOLUTION` or `END SOLUTION` line in a file with that comment leader. */
export function markerPatterns(leader: string): { begin: RegExp; end: RegExp } {
  const escaped = leader.replace(/[/]/g, '\\/');
  return {
    begin: new RegExp(`^(\\s*)${escaped}\\s*BEGIN SOLUTION\\b\\s*(.*)$`),
    end: new RegExp(`^\\s*${escaped}\\s*END SOLUTION\\b`),
  };
}

export interface StarterOptions {
  file: string;
  exercises: ExerciseTitles;
  /**
   * Stubs just that exercise's regions and keeps the solution elsewhere (dev check grades such a variant to
   * prove each TODO is caught by some check); 0 stubs nothing: the solution with its markers removed.
   */
  only?: number;
}

export function toStarter(
  source: string,
  { file, exercises, only }: StarterOptions,
): { text: string; regions: { n: number; line: number }[] } {
  const titles =
    exercises instanceof Map
      ? exercises
      : new Map(Object.entries(exercises).map(([k, v]) => [Number(k), v as string]));
  const leader = commentLeaderFor(file);
  if (!leader) return { text: source, regions: [] };
  const { begin, end } = markerPatterns(leader);

  const out: string[] = [];
  const regions: { n: number; line: number }[] = [];
  let open: { n: number; line: number; stub: boolean } | undefined;
  source.split('\n').forEach((line, index) => {
    const lineNo = index + 1;
    const beginMatch = begin.exec(line);
    if (beginMatch) {
      if (open)
        throw new StarterMarkerError(
          file,
          lineNo,
          `BEGIN SOLUTION inside the region opened on line ${open.line}; close it with END SOLUTION first`,
        );
      const label = (beginMatch[2] ?? '').trim();
      if (!/^\d+$/.test(label))
        throw new StarterMarkerError(
          file,
          lineNo,
          `BEGIN SOLUTION needs an exercise number, e.g. "${leader} BEGIN SOLUTION 1"`,
        );
      const n = Number(label);
      const title = titles.get(n);
      if (title === undefined) {
        const known = [...titles.keys()].join(', ') || 'none';
        throw new StarterMarkerError(
          file,
          lineNo,
          `exercise ${n} is not declared in lab.ts (declared: ${known})`,
        );
      }
      const stub = only === undefined || only === n;
      open = { n, line: lineNo, stub };
      regions.push({ n, line: lineNo });
      if (stub) out.push(stubLine(leader, beginMatch[1] ?? '', n, title));
      return;
    }
    if (end.test(line)) {
      if (!open)
        throw new StarterMarkerError(file, lineNo, 'END SOLUTION without a BEGIN SOLUTION before it');
      open = undefined;
      return;
    }
    if (!open?.stub) out.push(line);
  });
  if (open)
    throw new StarterMarkerError(file, open.line, 'BEGIN SOLUTION is never closed; add an END SOLUTION line');
  return { text: out.join('\n'), regions };
}
