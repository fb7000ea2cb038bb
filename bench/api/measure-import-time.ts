import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './median.js';

const run = promisify(execFile);

/** Module initialisation times of one bundle, each measured in a fresh Node process. */
export interface ImportTime {
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
}

// Runs in the child: time from before the import to the module being fully evaluated, which is
// what Lambda's INIT phase spends on the handler module (SDK parsing and client construction
// included, since the stack bundles the SDK into the handler).
const probe = `
const { pathToFileURL } = require('node:url');
const t0 = process.hrtime.bigint();
import(pathToFileURL(process.argv[1]).href).then(() => {
  const t1 = process.hrtime.bigint();
  process.stdout.write(String(Number(t1 - t0) / 1e6));
});
`;

/**
 * Measures how long `import(bundle)` takes in a fresh process, `samples` times, with the
 * environment a handler reads at cold start.
 *
 * @throws when the bundle fails to load.
 */
export async function measureImportTime(
  bundle: string,
  env: Readonly<Record<string, string>>,
  samples: number,
): Promise<ImportTime> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const { stdout } = await run(process.execPath, ['-e', probe, bundle], {
      env: { ...process.env, ...env },
    });
    times.push(Number(stdout));
  }
  return { samplesMs: times, medianMs: median(times) };
}
