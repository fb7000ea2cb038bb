import { type DemoReport, runDemo } from '../local/demo/run-demo.js';
import { regionOfApi, type SigningCredentials, sigv4Fetch } from './sigv4-fetch.js';

/** Options of {@link runSmoke}. */
export interface SmokeOptions {
  /** The stack's `ApiUrl` output. */
  readonly apiUrl: string;
  /** @default told from the URL, else AWS_REGION */
  readonly region?: string;
  /** @default the default AWS credential chain */
  readonly credentials?: SigningCredentials;
  /** @default console.log */
  readonly print?: (text: string) => void;
}

/** Why story 5 cannot be played against a deployed stack. */
export const crashStorySkipReason =
  'a deployed stack has no fault injection: killing a Lambda instance right after its idempotency claim needs the local ' +
  "runner's X-Local-Fault hook (npm run demo -- --self-host plays it locally)";

/**
 * Plays the demo's failure stories (local/demo/run-demo.ts) against a deployed stack with
 * SigV4-signed requests, checking each as the demo does. Story 5 is skipped, saying why.
 *
 * @throws Error when no credentials are found or the region cannot be told.
 */
export async function runSmoke(options: SmokeOptions): Promise<DemoReport> {
  const region = options.region ?? regionOfApi(options.apiUrl);
  const signedFetch = await sigv4Fetch(region, options.credentials);
  return runDemo({
    url: options.apiUrl,
    fetch: (input, init) => signedFetch(input, init),
    crashSkipReason: crashStorySkipReason,
    ...(options.print === undefined ? {} : { print: options.print }),
  });
}
