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

  // Each of these used to be appended to, and the next write cut from the first start marker to
  // the appended section's end, deleting whatever lay between (the engine's and latency sections).
  it.each([
    { case: 'a start marker without its end', text: `${before}${api.start}\nold API numbers${between}${latency.start}\nlatency\n${latency.end}${after}`, counts: 'the start 1 time(s) and the end 0 time(s)' },
    { case: 'an end marker without its start', text: `${before}old API numbers\n${api.end}${between}${latency.start}\nlatency\n${latency.end}${after}`, counts: 'the start 0 time(s) and the end 1 time(s)' },
    { case: 'the end marker before the start', text: `${before}${api.end}\nold API numbers\n${api.start}${between}${latency.start}\nlatency\n${latency.end}${after}`, counts: 'the start 1 time(s) and the end 1 time(s), the end first' },
    { case: 'the section twice', text: `${document}\n${api.start}\nstale copy\n${api.end}\n`, counts: 'the start 2 time(s) and the end 2 time(s)' },
    { case: 'a stray end marker above the section', text: `${api.end}\n${document}`, counts: 'the start 1 time(s) and the end 2 time(s)' },
  ])('refuses a document with $case, and leaves it as it was', async ({ text, counts }) => {
    writeFileSync(file, text);
    await expect(writeApiSection(file, 'new API numbers')).rejects.toThrow(`${file} should hold ${api.start} once, followed by ${api.end} once; it holds ${counts}.`);
    expect(read()).toBe(text);
  });

  it.each([api.start, api.end])('refuses markdown that contains its own marker %s, and leaves the document as it was', async (marker) => {
    writeFileSync(file, document);
    await expect(writeApiSection(file, `numbers\n${marker}\nmore numbers`)).rejects.toThrow('contains its own marker');
    expect(read()).toBe(document);
  });

  it("does not mistake the other section's markers for its own", async () => {
    writeFileSync(file, `${before}${latency.start}\nlatency\n${latency.end}${after}`);
    await writeApiSection(file, 'API numbers');
    expect(read()).toBe(`${before}${latency.start}\nlatency\n${latency.end}${after}\n\n${api.start}\nAPI numbers\n${api.end}\n`);
  });

  it.each([
    { name: 'API', markers: api },
    { name: 'latency', markers: latency },
  ])('rewrites the $name section of a copy of docs/benchmarks.md, changing nothing else', async ({ markers }) => {
    const original = readFileSync(new URL('../../../../docs/benchmarks.md', import.meta.url), 'utf8');
    const [head = '', rest = ''] = original.split(markers.start);
    const [content = '', tail = ''] = rest.split(markers.end);
    writeFileSync(file, original);
    await writeApiSection(file, content, markers);
    expect(read()).toBe(original);
    await writeApiSection(file, 'rewritten', markers);
    expect(read()).toBe(`${head}${markers.start}\nrewritten\n${markers.end}${tail}`);
  });

  it('fails on a path it cannot read, and writes nothing there', async () => {
    await expect(writeApiSection(directory, 'API numbers')).rejects.toThrow(/EISDIR/);
  });
});
