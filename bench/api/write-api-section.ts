import { readFile, writeFile } from 'node:fs/promises';

/** Marks the start of the API section in docs/benchmarks.md; everything outside it belongs to others. */
export const apiSectionStart = '<!-- api-benchmarks:start (written by `npm run bench`) -->';
/** Marks the end of the API section. */
export const apiSectionEnd = '<!-- api-benchmarks:end -->';

/** The markers of the section written by `npm run bench -- --latency <profile>`. */
export const latencySectionMarkers = {
  start: '<!-- api-latency-benchmarks:start (written by `npm run bench -- --latency in-region`) -->',
  end: '<!-- api-latency-benchmarks:end -->',
} as const;

/**
 * Replaces the API section of the benchmarks document (between the markers) with `markdown`,
 * leaving every other section (the engine's, written by `npm run bench:engine`) untouched.
 * Creates the file, or appends the section, when it is not there yet. `markers` names another
 * section (the latency run's).
 */
export async function writeApiSection(
  path: string,
  markdown: string,
  markers: { readonly start: string; readonly end: string } = { start: apiSectionStart, end: apiSectionEnd },
): Promise<void> {
  const section = `${markers.start}\n${markdown.trim()}\n${markers.end}`;
  let current: string;
  try {
    current = await readFile(path, 'utf8');
  } catch (error) {
    if (!isMissingFile(error)) throw error;
    current = '# Benchmarks\n';
  }
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  const next =
    start !== -1 && end > start
      ? current.slice(0, start) + section + current.slice(end + markers.end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(path, next);
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
