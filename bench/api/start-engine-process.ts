import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The engine running in its own process. */
export interface EngineProcess {
  readonly endpoint: string;
  /** Stops the process this function started (by its pid), and waits for it to exit. */
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL('../../local/dynamodb/cli.ts', import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

/**
 * Starts the project's DynamoDB engine (`local/dynamodb/cli.ts`) in a child process on a free
 * loopback port, so the engine does not share an event loop with the load generator and the
 * API runner — as DynamoDB does not share a machine with Lambda — optionally under a latency
 * profile (`--latency`, see local/dynamodb/latency/latency-profile.ts).
 *
 * @throws when the engine does not report its endpoint within 30 s.
 */
export async function startEngineProcess(options: { readonly latencyProfile?: string } = {}): Promise<EngineProcess> {
  const latency = options.latencyProfile === undefined ? [] : ['--latency', options.latencyProfile];
  const child = spawn(process.execPath, ['--import', tsxLoader, cli, '--port', '0', ...latency], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
      resolve();
    }));
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the engine did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited with ${String(code)}:\n${output}`));
    });
  });
  // Keep draining its output so the pipe never fills and stalls the engine.
  child.stdout.resume();
  child.stderr.resume();
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
