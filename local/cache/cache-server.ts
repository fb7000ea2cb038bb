import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect, createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';

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

/** How to start a cache server. */
export interface CacheServerOptions {
  /**
   * Run it in cluster mode as a one-node cluster that owns every slot: what a cluster client
   * meets at ElastiCache Serverless's one endpoint.
   * @default false
   */
  readonly cluster?: boolean;
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
export async function startCacheServer(env: NodeJS.ProcessEnv = process.env, options: CacheServerOptions = {}): Promise<CacheServer> {
  const program = findCacheServerProgram(env);
  if (program === undefined) {
    throw new CacheServerUnavailableError(`neither valkey-server nor redis-server is on PATH: ${cacheServerInstallHint}`);
  }
  const port = await freePort();
  const cluster = options.cluster ?? false;
  let child = await launch(program, port, cluster);
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
      child = await launch(program, port, cluster);
    },
  };
}

async function launch(program: string, port: number, cluster: boolean): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'];
  // A cluster node must write its node table somewhere: a fresh file each launch, so a restart
  // starts empty like the standalone server does.
  const nodeTable = cluster ? join(mkdtempSync(join(tmpdir(), 'cache-cluster-')), 'nodes.conf') : undefined;
  // A lone node never learns its address from a peer: announce it, or CLUSTER SLOTS names no host.
  if (nodeTable !== undefined) args.push('--cluster-enabled', 'yes', '--cluster-config-file', nodeTable, '--cluster-announce-ip', '127.0.0.1');
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
  child.once('exit', () => {
    if (nodeTable !== undefined) rmSync(dirname(nodeTable), { recursive: true, force: true });
  });
  try {
    await waitUntilAnswering(port, child);
    if (cluster) await ownEverySlot(port);
  } catch (error) {
    child.kill('SIGKILL');
    throw new CacheServerUnavailableError(`${program} did not start on port ${port}: ${stderr.trim() || String(error)}`, { cause: error });
  }
  return child;
}

/** Makes a fresh cluster node the owner of all 16384 slots, and waits until it says the cluster is ok. */
async function ownEverySlot(port: number): Promise<void> {
  const added = await ask(port, 'CLUSTER ADDSLOTSRANGE 0 16383');
  if (added?.startsWith('+OK') !== true) throw new Error(`CLUSTER ADDSLOTSRANGE answered ${added ?? 'nothing'}`);
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if ((await ask(port, 'CLUSTER INFO'))?.includes('cluster_state:ok') === true) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the one-node cluster did not reach cluster_state:ok within 5 s');
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

async function answersPing(port: number): Promise<boolean> {
  return (await ask(port, 'PING'))?.startsWith('+PONG') === true;
}

/** Sends one inline command on a new connection; the first chunk of the reply, or undefined when none came. */
function ask(port: number, command: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: string | undefined): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => { done(undefined); });
    socket.once('error', () => { done(undefined); });
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.once('data', (data: Buffer) => { done(data.toString('utf8')); });
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
