/** One row of a story's table. */
export interface StepRow {
  readonly step: string;
  readonly sent: string;
  readonly status: string;
  readonly got: string;
  readonly replayed: string;
  readonly balance: string;
}

const columns: readonly { readonly key: keyof StepRow; readonly title: string; readonly max: number }[] = [
  { key: 'step', title: '#', max: 4 },
  { key: 'sent', title: 'sent', max: 42 },
  { key: 'status', title: 'status', max: 6 },
  { key: 'got', title: 'came back', max: 60 },
  { key: 'replayed', title: 'replayed', max: 8 },
  { key: 'balance', title: 'balance after', max: 13 },
];

/**
 * Renders rows as a plain-text table that reads well in a terminal and in CI logs: columns
 * sized to their content (up to a cap), long cells wrapped onto continuation lines.
 */
export function stepTable(rows: readonly StepRow[]): string {
  const widths = columns.map((c) => Math.min(c.max, Math.max(c.title.length, ...rows.map((r) => r[c.key].length))));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  const out = [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const row of rows) {
    const wrapped = columns.map((c, i) => wrap(row[c.key], widths[i] ?? 1));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let l = 0; l < height; l++) out.push(line(wrapped.map((w) => w[l] ?? '')));
  }
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
    while (current.length > width) {
      lines.push(current.slice(0, width));
      current = current.slice(width);
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
