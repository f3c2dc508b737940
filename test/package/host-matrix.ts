import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The host apps of the package test: one source tree (test/package/host), built as the current
 * `nest new` starter builds it, against each supported major. Nest 12 is ES modules only and jest
 * cannot load it, so each host is compiled with its own tsc and runs as a child process of plain
 * node; the spec drives it over HTTP.
 */
export interface HostMajor {
  name: string;
  /** Exactly what the README's and the guide's install line for this major pin (the spec checks they agree). */
  peers: string[];
  /** The guide's second install line: a database driver, health, API docs and the other adapter. */
  extras: string[];
  /** What the test's own hosts need besides: SQLite when no DATABASE_URL is given, the compiler. */
  tools: string[];
  /** `nest new`'s default for this major: ESM for Nest 12, CommonJS for Nest 11. */
  esm: boolean;
}

export const HOST_MAJORS: HostMajor[] = [
  {
    name: 'nest12',
    peers: [
      '@nestjs/common@12.5.1', '@nestjs/core@12.5.1', '@nestjs/platform-express@12.5.1', '@nestjs/typeorm@12.0.2', 'typeorm@1.1.1',
      '@nestjs/schedule@12.0.2', '@nestjs/event-emitter@12.0.1', 'class-validator@0.15.1', 'class-transformer@0.5.1',
      'reflect-metadata@0.2.2', 'rxjs@7.8.2',
    ],
    extras: ['mysql2@3.24.6', '@nestjs/terminus@12.1.0', '@nestjs/swagger@12.0.2', '@nestjs/platform-fastify@12.5.0'],
    tools: ['better-sqlite3@12.11.1', 'typescript@6.0.3', '@types/node@20.19.43'],
    esm: true,
  },
  {
    name: 'nest11',
    peers: [
      '@nestjs/common@11.2.10', '@nestjs/core@11.2.10', '@nestjs/platform-express@11.2.10', '@nestjs/typeorm@11.0.3', 'typeorm@0.3.31',
      '@nestjs/schedule@6.1.3', '@nestjs/event-emitter@3.1.0', 'class-validator@0.14.4', 'class-transformer@0.5.1',
      'reflect-metadata@0.2.2', 'rxjs@7.8.2',
    ],
    extras: ['mysql2@3.24.6', '@nestjs/terminus@11.1.1', '@nestjs/swagger@11.4.7', '@nestjs/platform-fastify@11.2.8'],
    tools: ['better-sqlite3@12.11.1', 'typescript@5.9.3', '@types/node@20.19.43'],
    esm: false,
  },
];

/** The tsconfig `nest new` writes today (@nestjs/schematics 12), with strict on and no test runner's types. */
const STARTER_TSCONFIG = {
  compilerOptions: {
    module: 'nodenext', moduleResolution: 'nodenext', resolvePackageJsonExports: true, esModuleInterop: true, isolatedModules: true,
    declaration: true, removeComments: true, emitDecoratorMetadata: true, experimentalDecorators: true, allowSyntheticDefaultImports: true,
    target: 'ES2023', sourceMap: true, outDir: './dist', rootDir: '.', incremental: true, skipLibCheck: true, strict: true,
    strictPropertyInitialization: false, types: ['node'],
  },
};

const CACHE_ROOT = process.env.PAYOUTS_HOST_MATRIX_CACHE ?? join(homedir(), '.cache', 'payouts-host-matrix');

/**
 * A node_modules with exactly these packages from the registry, kept under a hash of the list
 * (and of Node's ABI, for better-sqlite3's native build) and reused by later runs: only the
 * first run per list pays for the install. Built beside its final place and renamed, so an
 * interrupted install is never taken for a finished one.
 */
export function hostDependencies(major: HostMajor): string {
  const packages = [...major.peers, ...major.extras, ...major.tools];
  const key = createHash('sha256').update(JSON.stringify({ packages: [...packages].sort(), abi: process.versions.modules })).digest('hex').slice(0, 16);
  const dir = join(CACHE_ROOT, `${major.name}-${key}`);
  if (existsSync(join(dir, 'node_modules'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  writeFileSync(join(building, 'package.json'), JSON.stringify({ name: `payouts-${major.name}-host-deps`, private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: building, stdio: ['ignore', 'ignore', 'pipe'] });
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}

/**
 * Installs the packed module beside the cached dependencies the way a user would (`npm install
 * <tarball>`: npm checks its peer ranges against the installed majors and fails on a conflict),
 * then lays out a host app that uses them and compiles it with that major's TypeScript.
 */
export function buildHost(major: HostMajor, tarball: string, work: string): string {
  const deps = hostDependencies(major);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: deps, stdio: ['ignore', 'ignore', 'pipe'] });
  const host = join(work, major.name);
  cpSync(resolve(__dirname, 'host', 'src'), join(host, 'src'), { recursive: true });
  symlinkSync(join(deps, 'node_modules'), join(host, 'node_modules'));
  writeFileSync(join(host, 'package.json'), JSON.stringify({ name: `${major.name}-host`, private: true, ...(major.esm ? { type: 'module' } : {}) }));
  writeFileSync(join(host, 'tsconfig.json'), JSON.stringify(STARTER_TSCONFIG));
  execFileSync(process.execPath, [join(host, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', host], { cwd: host, encoding: 'utf8' });
  return host;
}

export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningHost {
  url: string;
  stderr: () => string;
  /** SIGTERM, then how it ended: Nest's shutdown hooks close the app and raise the signal again. */
  stop(): Promise<HostExit>;
}

/** Starts the compiled host with plain node and resolves once it listens. */
export function startHost(host: string, env: Record<string, string>): Promise<RunningHost> {
  const child: ChildProcess = spawn(process.execPath, [join(host, 'dist', 'src', 'main.js')], {
    cwd: host, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<HostExit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => void stop().then(() => fail(new Error(`host did not start:\n${stdout}\n${stderr}`))), 60_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const listening = /host ready on (\S+)/.exec(stdout);
      if (listening) {
        clearTimeout(timer);
        ready({ url: listening[1], stderr: () => stderr, stop });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`host exited (${code ?? signal}) before it listened:\n${stdout}\n${stderr}`));
    });
  });
}
