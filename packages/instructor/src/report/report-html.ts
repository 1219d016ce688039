import type { CheckResult } from '@cloudlab/grader/course';
import escapeHtml from 'escape-html';
import type { RefusedEntry, SubmissionRecord } from '../batch/batch-types.ts';
import type { OutputDir } from '../batch/output-dir.ts';
import { distribution, type LabColumn, labOf, mostFailedChecks, totalOf } from './class-stats.ts';
import { svgHistogram } from './svg-histogram.ts';

const esc = (value: unknown) => escapeHtml(String(value));

// No network at all: scripts and styles inline, everything else refused.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2330}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;border-bottom:1px solid #eef;text-align:left;vertical-align:top}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart h3{font-size:1rem;margin:.25rem 0}
.histogram .bar{fill:#3b6fd8}.histogram text{font-size:10px;fill:#445}.histogram .axis{stroke:#99a}
.flag{display:inline-block;background:#fde8e8;color:#8a1c1c;border-radius:3px;padding:0 .3rem;margin:0 .15rem;font-size:12px}
button.learner{background:none;border:0;color:#2457c5;cursor:pointer;font:inherit;padding:0;text-decoration:underline}
.passed{color:#17703a}.failed{color:#a11}.skipped{color:#777}.muted{color:#667}
.drill{border:1px solid #ccd;border-radius:6px;padding:1rem;margin-top:1rem;background:#fafbff}
td.points{white-space:nowrap}pre{white-space:pre-wrap;margin:.25rem 0;font-size:12px}
`;

// Click a learner → their checks; the rendering is server-side, the script only shows and hides.
const SCRIPT = `
document.addEventListener('click', (event) => {
  const button = event.target.closest('button.learner');
  if (!button) return;
  for (const panel of document.querySelectorAll('section.drill')) panel.hidden = panel.id !== button.dataset.target;
  const panel = document.getElementById(button.dataset.target);
  if (panel) panel.scrollIntoView({ block: 'nearest' });
});
`;

/** report.html: a self-contained page for the instructor — distributions, what to re-teach, each learner. */
export async function writeClassReport(
  out: OutputDir,
  labs: readonly LabColumn[],
  records: readonly SubmissionRecord[],
  refused: readonly RefusedEntry[],
): Promise<string> {
  return out.write(['report.html'], renderClassReport(labs, records, refused));
}

/** `columns`: each lab with its full marks from the course's trusted inventory. */
export function renderClassReport(
  columns: readonly LabColumn[],
  records: readonly SubmissionRecord[],
  refused: readonly RefusedEntry[],
): string {
  const graded = records.filter((record) => record.run);
  const flagged = records.filter((record) => record.flags.length > 0).length + refused.length;
  const max = columns.reduce((sum, column) => sum + column.maxScore, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cloudlab class report</title><style>${STYLE}</style></head>
<body>
<h1>cloudlab class report</h1>
<p class="muted">${records.length + refused.length} submissions: ${graded.length} graded, ${records.length - graded.length + refused.length} not graded, ${flagged} flagged. Labs: ${columns.map((c) => esc(c.folder)).join(', ')}.</p>
<h2>Score distribution per lab</h2>
<div class="charts">${columns.map((column) => chart(column, graded)).join('')}</div>
<h2>Checks most learners fail</h2>
${failingChecks(records)}
<h2>Learners</h2>
${learnerTable(columns, records, max)}
${records.map((record, index) => drillDown(record, index)).join('\n')}
${refusedList(refused)}
<script>${SCRIPT}</script>
</body></html>
`;
}

function chart(column: LabColumn, graded: readonly SubmissionRecord[]): string {
  const scores = graded.map((record) => labOf(record, column.folder)?.score ?? 0);
  const caption = `Lab ${column.id}: learners per score band, out of ${column.maxScore} points`;
  return `<figure class="chart" data-lab="${esc(column.folder)}"><h3>${esc(column.folder)}</h3>${svgHistogram(distribution(scores, column.maxScore), caption)}<figcaption class="muted">${scores.length} learners, full marks ${column.maxScore}</figcaption></figure>`;
}

function failingChecks(records: readonly SubmissionRecord[]): string {
  const stats = mostFailedChecks(records);
  if (stats.length === 0) return '<p>No check failed with a wrong answer.</p>';
  const rows = stats.map((stat) => {
    const [first, ...more] = stat.check.hints;
    const extra =
      more.length > 0
        ? `<details><summary>more hints</summary>${more.map((hint) => `<p>${esc(hint)}</p>`).join('')}</details>`
        : '';
    return `<tr><td>${esc(stat.lab)}</td><td>${esc(stat.check.title)}</td><td>${stat.failed} of ${stat.graded} (${Math.round((100 * stat.failed) / stat.graded)} %)</td><td>${esc(first ?? '')}${extra}</td></tr>`;
  });
  return `<table id="failing-checks"><thead><tr><th>lab</th><th>check</th><th>failed by</th><th>hint</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const flags = (list: readonly string[]) =>
  list.map((flag) => `<span class="flag">${esc(flag)}</span>`).join('');

function learnerTable(
  columns: readonly LabColumn[],
  records: readonly SubmissionRecord[],
  max: number,
): string {
  const head = columns.map((column) => `<th>${esc(column.id)}</th>`).join('');
  const rows = records.map((record, index) => {
    const cells = columns.map((column) => `<td>${labOf(record, column.folder)?.score ?? '—'}</td>`).join('');
    const total = record.run ? `${totalOf(record, columns)} / ${max}` : record.status;
    return `<tr><td><button class="learner" data-target="learner-${index}">${esc(record.learner)}</button></td>${cells}<td>${esc(total)}</td><td>${flags(record.flags)}</td></tr>`;
  });
  return `<table id="learners"><thead><tr><th>learner</th>${head}<th>total</th><th>flags</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function checkRow(check: CheckResult): string {
  const detail = [check.message, check.location ? `at ${check.location.file}:${check.location.line}` : '']
    .filter(Boolean)
    .join('\n');
  return `<tr class="check"><td class="${check.status}">${check.status}</td><td>${esc(check.title)}</td><td class="points">${check.points} / ${check.maxPoints}</td><td>${detail ? `<pre>${esc(detail)}</pre>` : ''}</td></tr>`;
}

function drillDown(record: SubmissionRecord, index: number): string {
  const notes =
    record.notes.length > 0 ? `<ul>${record.notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>` : '';
  const labs = (record.run?.labs ?? [])
    .map((lab) => {
      const errors = lab.errors.map((error) => `<p class="failed">${esc(error)}</p>`).join('');
      return `<h4>${esc(`${lab.id}-${lab.slug}`)}: ${lab.score} / ${lab.maxScore} (${esc(lab.status)})</h4>${errors}<table><tbody>${lab.checks.map(checkRow).join('')}</tbody></table>`;
    })
    .join('');
  return `<section class="drill" id="learner-${index}" hidden><h3>${esc(record.learner)} <span class="muted">${esc(record.source)} · ${esc(record.status)}</span> ${flags(record.flags)}</h3>${notes}${labs}</section>`;
}

function refusedList(refused: readonly RefusedEntry[]): string {
  if (refused.length === 0) return '';
  const items = refused.map(
    (entry) =>
      `<li><strong>${esc(entry.learner)}</strong> (${esc(entry.shown)}): ${flags([entry.flag])} ${esc(entry.reason)}</li>`,
  );
  return `<h2>Not graded</h2><ul id="refused">${items.join('')}</ul>`;
}
