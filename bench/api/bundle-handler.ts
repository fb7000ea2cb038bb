import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build } from 'esbuild';

/** A bundled handler: where it was written and how big it is. */
export interface HandlerBundle {
  readonly entry: string;
  readonly outfile: string;
  /** Size of the minified JavaScript, without its source map. */
  readonly bytes: number;
}

/**
 * Bundles one handler entry the way the CDK stack's NodejsFunction does for nodejs22.x on
 * arm64: esbuild, minified, CommonJS, target node22, the AWS SDK v3 left to the runtime
 * (`@aws-sdk/*` external, NodejsFunction's default for Node 18+). Source maps are written to a
 * separate file, as in the stack, and not counted in `bytes`.
 *
 * @throws when esbuild reports an error.
 */
export async function bundleHandler(entry: string, outfile: string): Promise<HandlerBundle> {
  await mkdir(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'));
  if (output === undefined) throw new Error(`esbuild wrote no JavaScript for ${entry}`);
  return { entry, outfile, bytes: output[1].bytes };
}
