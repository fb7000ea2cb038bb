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
 *
 * @throws when the document has either marker without the other, either more than once, or the
 *   end before the start, or when `markdown` contains a marker; the file is then left as it was.
 */
export async function writeApiSection(
  path: string,
  markdown: string,
  markers: { readonly start: string; readonly end: string } = { start: apiSectionStart, end: apiSectionEnd },
): Promise<void> {
  // A marker inside the section would be taken for the section's bounds by the next write.
  if (markdown.includes(markers.start) || markdown.includes(markers.end)) {
    throw new Error(`the section written to ${path} contains its own marker (${markers.start} or ${markers.end})`);
  }
  const section = `${markers.start}\n${markdown.trim()}\n${markers.end}`;
  let current: string;
  try {
    current = await readFile(path, 'utf8');
  } catch (error) {
    if (!isMissingFile(error)) throw error;
    current = '# Benchmarks\n';
  }
  const starts = occurrences(current, markers.start);
  const ends = occurrences(current, markers.end);
  const [start] = starts;
  const [end] = ends;
  let next: string;
  if (start === undefined && end === undefined) {
    next = `${current.trimEnd()}\n\n${section}\n`;
  } else if (starts.length === 1 && ends.length === 1 && start !== undefined && end !== undefined && end > start) {
    next = current.slice(0, start) + section + current.slice(end + markers.end.length);
  } else {
    // Appending beside a lone or repeated marker would leave the next write to cut from the
    // first start to the last section's end, deleting whatever other sections lie between.
    throw new Error(
      `${path} should hold ${markers.start} once, followed by ${markers.end} once; it holds the start ${starts.length} ` +
        `time(s) and the end ${ends.length} time(s)${starts.length === 1 && ends.length === 1 ? ', the end first' : ''}. ` +
        'Mend the markers by hand; nothing was written.',
    );
  }
  await writeFile(path, next);
}

/** Where `marker` starts in `text`, every time it occurs. */
function occurrences(text: string, marker: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) found.push(at);
  return found;
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
