import escapeHtml from 'escape-html';

/**
 * An inline SVG bar chart of how many learners fall in each score band: no chart library, no network, so
 * the report opens anywhere (an LMS upload, an e-mail attachment) and prints.
 */
export function svgHistogram(counts: readonly number[], caption: string): string {
  const width = 320;
  const height = 140;
  const top = 14;
  const bottom = 22;
  const barWidth = width / counts.length;
  const tallest = Math.max(1, ...counts);
  const bars = counts
    .map((count, index) => {
      const barHeight = ((height - top - bottom) * count) / tallest;
      const x = index * barWidth + 2;
      const y = height - bottom - barHeight;
      const band = `${index * (100 / counts.length)}–${(index + 1) * (100 / counts.length)} %`;
      return [
        `<rect class="bar" x="${x}" y="${y}" width="${barWidth - 4}" height="${barHeight}"><title>${band}: ${count}</title></rect>`,
        count > 0
          ? `<text x="${x + (barWidth - 4) / 2}" y="${y - 3}" text-anchor="middle">${count}</text>`
          : '',
      ].join('');
    })
    .join('');
  const axis = `<line x1="0" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" class="axis"/>`;
  const labels = `<text x="0" y="${height - 6}">0 %</text><text x="${width / 2}" y="${height - 6}" text-anchor="middle">50 %</text><text x="${width}" y="${height - 6}" text-anchor="end">100 %</text>`;
  return `<svg class="histogram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(caption)}">${bars}${axis}${labels}</svg>`;
}
