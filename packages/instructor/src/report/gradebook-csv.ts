import { stringify } from 'csv-stringify/sync';
import type { RefusedEntry, SubmissionRecord } from '../batch/batch-types.ts';
import type { OutputDir } from '../batch/output-dir.ts';
import { type LabColumn, labOf, totalOf } from './class-stats.ts';

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula; learner ids and notes are learner-made
 * text, so such cells get a leading apostrophe (OWASP's advice for CSV injection).
 */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * gradebook.csv: one line per learner (graded, failed or refused) — score per lab, total, flags and the
 * notes that explain them. Labs that were not graded for a learner are left empty, not zero.
 */
export async function writeGradebook(
  out: OutputDir,
  columns: readonly LabColumn[],
  records: readonly SubmissionRecord[],
  refused: readonly RefusedEntry[],
): Promise<string> {
  const labs = columns.map((column) => column.folder);
  const max = columns.reduce((sum, column) => sum + column.maxScore, 0);
  const header = ['learner', 'source', 'status', ...labs, 'total', 'max', 'percent', 'flags', 'notes'];
  const rows: (string | number)[][] = records.map((record) => {
    const total = totalOf(record, columns);
    return [
      cell(record.learner),
      cell(record.source),
      record.status,
      ...columns.map((column) => labOf(record, column.folder)?.score ?? ''),
      record.status === 'refused' ? '' : total,
      max,
      record.status === 'refused' || max === 0 ? '' : Math.round((total / max) * 1000) / 10,
      record.flags.join(' '),
      cell(record.notes.join(' | ')),
    ];
  });
  for (const entry of refused) {
    rows.push([
      cell(entry.learner),
      cell(entry.shown),
      'refused',
      ...labs.map(() => ''),
      '',
      max,
      '',
      entry.flag,
      cell(entry.reason),
    ]);
  }
  return out.write(['gradebook.csv'], stringify([header, ...rows]));
}
