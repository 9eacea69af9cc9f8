// Resolves a real PostgreSQL server for the test suite (never mocks), in this order:
//   1. SAFE_MIGRATE_TEST_DATABASE_URL — an admin URL; each test creates its own database on it;
//   2. testcontainers, when a container runtime answers;
//   3. a throwaway cluster from local PostgreSQL binaries (initdb/pg_ctl; as root through runuser);
//   4. otherwise fail, saying what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  adminUrl: string;
  source: 'env' | 'testcontainers' | 'local-binaries';
  stop(): Promise<void>;
}

export async function resolveTestServer(): Promise<TestServer> {
  const fromEnv = process.env.SAFE_MIGRATE_TEST_DATABASE_URL;
  if (fromEnv) return { adminUrl: fromEnv, source: 'env', stop: async () => {} };
  if (containerRuntimeLikely()) {
    const container = await tryTestcontainers();
    if (container) return container;
  }
  if (hasBinary('initdb') && hasBinary('pg_ctl')) return startThrowawayCluster();
  throw new Error(
    'No PostgreSQL server for the tests. Set SAFE_MIGRATE_TEST_DATABASE_URL to an admin URL ' +
      '(e.g. postgres://postgres@127.0.0.1:5432/postgres), start Docker/Podman for testcontainers, ' +
      'or install PostgreSQL server binaries (Debian: apt-get install postgresql) so initdb and pg_ctl are on PATH.',
  );
}

function containerRuntimeLikely(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock') || existsSync(`${process.env.XDG_RUNTIME_DIR ?? '/nonexistent'}/podman/podman.sock`);
}

async function tryTestcontainers(): Promise<TestServer | undefined> {
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    const adminUrl = `postgres://postgres:postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
    return { adminUrl, source: 'testcontainers', stop: async () => void (await container.stop()) };
  } catch {
    return undefined; // runtime present but unusable: fall through to local binaries
  }
}

function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** initdb refuses to run as root, so as root the cluster is owned by the `postgres` user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startThrowawayCluster(): Promise<TestServer & { dataDir: string; port: number; pgCtl(args: string[]): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'safe-migrate-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const [cmd, argv] = asClusterOwner(command, args);
    execFileSync(cmd, argv, { stdio: 'pipe' });
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pgCtl = (args: string[]) => run('pg_ctl', ['-D', dataDir, '-o', opts, '-w', '-l', join(dir, 'log'), ...args]);
  pgCtl(['start']);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    source: 'local-binaries',
    dataDir,
    port,
    pgCtl,
    stop: async () => {
      try {
        pgCtl(['stop', '-m', 'immediate']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (for throwaway servers the tests start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
