import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** The cache server programs looked for on PATH, in this order. */
export const cacheServerPrograms = ['valkey-server', 'redis-server'] as const;

/** How to get one when neither is installed. */
export const cacheServerInstallHint = 'install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install valkey)';

/** Raised when no cache server program is on PATH, or one failed to start. */
export class CacheServerUnavailableError extends Error {
  override readonly name = 'CacheServerUnavailableError';
  readonly code = 'cache_server_unavailable';
}

/** A Valkey or Redis server this process started. */
export interface CacheServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The program that runs it. */
  readonly program: string;
  /** Stops it (SIGTERM); resolves once it has exited. */
  stop(): Promise<void>;
  /** Ends it at once (SIGKILL), as a crash would; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (it keeps nothing), after a stop or a kill. */
  restart(): Promise<void>;
}

/** The path of the first cache server program on PATH, or undefined. */
export function findCacheServerProgram(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const directory of (env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    for (const program of cacheServerPrograms) {
      const candidate = join(directory, program);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here: keep looking.
      }
    }
  }
  return undefined;
}

/**
 * Starts `valkey-server` or `redis-server` from PATH on a free loopback port, keeping nothing on
 * disk (no RDB snapshot, no append-only file). Stop it with `stop()`; it also dies with this
 * process's exit. `env` is where PATH is read.
 *
 * @throws CacheServerUnavailableError when neither program is installed (the message says how
 *   to install one), or the server does not come up.
 */
export async function startCacheServer(env: NodeJS.ProcessEnv = process.env): Promise<CacheServer> {
  const program = findCacheServerProgram(env);
  if (program === undefined) {
    throw new CacheServerUnavailableError(`neither valkey-server nor redis-server is on PATH: ${cacheServerInstallHint}`);
  }
  const port = await freePort();
  let child = await launch(program, port);
  const exited = (running: ChildProcess): Promise<void> => {
    if (running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      running.once('exit', () => {
        resolve();
      });
    });
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    const done = exited(current);
    current.kill(signal);
    await done;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    program,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      child = await launch(program, port);
    },
  };
}

async function launch(program: string, port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'];
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Never outlive the process that started it.
  const killChild = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
  });
  try {
    await waitUntilAnswering(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new CacheServerUnavailableError(`${program} did not start on port ${port}: ${stderr.trim() || String(error)}`, { cause: error });
  }
  return child;
}

/** Polls with PING until the server answers PONG, the child exits, or 5 s pass. */
async function waitUntilAnswering(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the server exited');
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no answer to PING within 5 s');
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => { done(false); });
    socket.once('error', () => { done(false); });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data: Buffer) => { done(data.toString('utf8').startsWith('+PONG')); });
  });
}

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => { resolve(port); });
    });
  });
}
