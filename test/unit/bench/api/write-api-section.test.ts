import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiSectionEnd, apiSectionStart, latencySectionMarkers, writeApiSection } from '../../../../bench/api/write-api-section.js';

const api = { start: apiSectionStart, end: apiSectionEnd };
const latency = latencySectionMarkers;

// Shaped like docs/benchmarks.md: a title, the API section, the engine's prose, the latency section.
// Trailing spaces, a blank line pair and no final newline check that the rest is kept byte for byte.
const before = '# Benchmarks\n\nIntro with trailing spaces   \n\n';
const between = '\n\n## Engine\n\n| op | ms |\n|---|---|\n| GetItem | 0.1 |\n\n\n';
const after = '\n\nClosing words, no final newline';
const document =
  `${before}${api.start}\nold API numbers\n${api.end}` +
  `${between}${latency.start}\nold latency numbers\n${latency.end}${after}`;

describe('writeApiSection', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'write-api-section-'));
    file = path.join(directory, 'benchmarks.md');
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const read = (): string => readFileSync(file, 'utf8');

  it('replaces only the API section between its markers, keeping every other byte', async () => {
    writeFileSync(file, document);
    await writeApiSection(file, '\n\n## API\n\nnew API numbers\n\n');
    expect(read()).toBe(
      `${before}${api.start}\n## API\n\nnew API numbers\n${api.end}` + `${between}${latency.start}\nold latency numbers\n${latency.end}${after}`,
    );
  });

  it('replaces only the latency section when given its markers', async () => {
    writeFileSync(file, document);
    await writeApiSection(file, 'new latency numbers', latency);
    expect(read()).toBe(`${before}${api.start}\nold API numbers\n${api.end}${between}${latency.start}\nnew latency numbers\n${latency.end}${after}`);
  });

  it('gives the same file when the same section is written twice', async () => {
    writeFileSync(file, document);
    await writeApiSection(file, 'new API numbers');
    const once = read();
    await writeApiSection(file, 'new API numbers');
    expect(read()).toBe(once);
  });

  // String.prototype.replace would expand these patterns instead of writing them.
  it("writes the markdown as it is, even with replacement patterns like $& and $'", async () => {
    writeFileSync(file, document);
    await writeApiSection(file, "costs $& and $' and $1 and $$");
    expect(read()).toContain(`${api.start}\ncosts $& and $' and $1 and $$\n${api.end}`);
  });

  it('appends the section to a document that does not have it yet', async () => {
    writeFileSync(file, '# Benchmarks\n\nEngine numbers\n\n\n');
    await writeApiSection(file, 'API numbers', latency);
    expect(read()).toBe(`# Benchmarks\n\nEngine numbers\n\n${latency.start}\nAPI numbers\n${latency.end}\n`);
  });

  it('creates the document when there is none', async () => {
    await writeApiSection(file, 'API numbers');
    expect(read()).toBe(`# Benchmarks\n\n${api.start}\nAPI numbers\n${api.end}\n`);
  });

  it('fails on a path it cannot read, and writes nothing there', async () => {
    await expect(writeApiSection(directory, 'API numbers')).rejects.toThrow(/EISDIR/);
  });
});
