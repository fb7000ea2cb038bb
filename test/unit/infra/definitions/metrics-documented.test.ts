import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricNames } from '../../../../infra/definitions/metrics.js';

const operations = readFileSync(path.resolve(import.meta.dirname, '../../../../docs/operations.md'), 'utf8');

/** The first column of the table under "## Metrics the functions emit". */
function documentedMetrics(): string[] {
  const section = operations.slice(operations.indexOf('## Metrics the functions emit'));
  const table = section.slice(section.indexOf('| metric |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  return rows.map((row) => /^\| `([A-Za-z]+)` \|/.exec(row)?.[1] ?? `unreadable row: ${row}`);
}

describe('docs/operations.md', () => {
  it('documents every metric the functions emit, once, in the order of the definitions', () => {
    expect(documentedMetrics()).toEqual(metricNames);
  });
});
