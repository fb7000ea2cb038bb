import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { cacheClientModules, sharedCacheExcludedDefine } from '../../infra/definitions/shared-cache-bundle.js';

// The stack's banner, verbatim: some CommonJS dependencies call require(), which ESM lacks.
const stackBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** A bundled handler: where it was written and how big it is. */
export interface HandlerBundle {
  readonly entry: string;
  readonly outfile: string;
  /** Size of the minified JavaScript, without its source map. */
  readonly bytes: number;
  /** Bytes each input file contributes to that JavaScript, by path relative to the working directory. */
  readonly bytesByInput: Readonly<Record<string, number>>;
}

/** What the bundled function is deployed with. */
export interface BundleOptions {
  /**
   * True for a function deployed with the shared cache (`-c cache=valkey`): its client library
   * is bundled in. Otherwise it is left out, as the stack leaves it out. @default false
   */
  readonly cache?: boolean;
}

/**
 * Bundles one handler entry with the settings of the CDK stack's NodejsFunction
 * (infra/payments-stack.ts): esbuild, minified, ESM, target node24, main fields module/main,
 * the AWS SDK bundled in (`bundleAwsSDK: true`), the same createRequire banner, the cache's
 * client and modules only with the cache, and a separate source map file (not counted in `bytes`).
 * `outfile` should end in `.mjs`.
 *
 * @throws when esbuild reports an error.
 */
export async function bundleHandler(entry: string, outfile: string, options: BundleOptions = {}): Promise<HandlerBundle> {
  await mkdir(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    banner: { js: stackBanner },
    ...(options.cache === true ? {} : { external: [...cacheClientModules], define: { ...sharedCacheExcludedDefine } }),
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => !path.endsWith('.map'));
  if (output === undefined) throw new Error(`esbuild wrote no JavaScript for ${entry}`);
  const bytesByInput = Object.fromEntries(Object.entries(output[1].inputs).map(([input, { bytesInOutput }]) => [input, bytesInOutput]));
  return { entry, outfile, bytes: output[1].bytes, bytesByInput };
}
