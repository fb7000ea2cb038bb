/**
 * `npm run smoke -- --api-url URL`: the demo's failure stories against a deployed stack, every
 * request SigV4-signed with the default AWS credential chain; exits non-zero when a story fails.
 * `--outputs-file FILE` reads `ApiUrl` from `cdk deploy --outputs-file FILE` instead.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runSmoke } from './run-smoke.js';

function apiUrlFromArguments(): string {
  const { values } = parseArgs({ options: { 'api-url': { type: 'string' }, 'outputs-file': { type: 'string' } }, strict: true });
  if (values['api-url'] !== undefined) return values['api-url'];
  const file = values['outputs-file'];
  if (file === undefined) throw new Error('usage: npm run smoke -- --api-url https://<api-id>.execute-api.<region>.amazonaws.com (or --outputs-file cdk-outputs.json)');
  const outputs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  const url = Object.values(outputs).map((stack) => stack.ApiUrl).find((value) => typeof value === 'string');
  if (typeof url !== 'string') throw new Error(`${file} has no ApiUrl output`);
  return url;
}

let exitCode = 1;
try {
  const apiUrl = apiUrlFromArguments();
  console.log(`Smoke test of ${apiUrl} (SigV4-signed)`);
  const report = await runSmoke({ apiUrl });
  exitCode = report.passed ? 0 : 1;
  if (!report.passed) console.error('\nSMOKE FAILED: at least one story did not end as described (see FAILED above).');
} catch (error) {
  console.error(`SMOKE FAILED: ${error instanceof Error ? error.message : String(error)}`);
}
process.exit(exitCode);
