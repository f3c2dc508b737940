import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { serverDatabaseOptions } from './database.config';
import { AdapterName } from './http-setup';
import { ChannelConfig, PayoutsModuleOptions } from '../payouts';
import { sandboxRequest } from './sample-payouts';
import { startSandbox } from '../sandbox';
import { sandboxApiKey } from './api-key';
import { eventPublisherFrom } from './events-transport';

export interface AppConfig {
  /** This package's version, for the API docs. */
  version: string;
  port: number;
  adapter: AdapterName;
  database: DataSourceOptions;
  databaseLabel: string;
  payouts: PayoutsModuleOptions;
  /** Where the in-process sandbox gateways listen, when they are used. */
  sandbox?: string;
  /** The file the sandbox's own API key is kept in, when it made one. */
  keyFile?: string;
  /** Stops the in-process sandbox gateways. */
  close(): Promise<void>;
  sampleCurl(url: string, channel: string): string;
}

/**
 * Reads the example app's configuration from the environment:
 * PORT, HTTP_ADAPTER (express|fastify), DATABASE_URL, PAYOUTS_CONFIG (a JSON file with
 * `channels` and optionally `publicBaseUrl`, `apiKey`, `apiKeys`, `approvals`, `polling`), PAYOUTS_API_KEY,
 * PAYOUTS_API_KEYS and PAYOUTS_APPROVALS (JSON, added to the file's), PUBLIC_BASE_URL.
 * Without PAYOUTS_CONFIG it uses sandbox channels.
 */
export async function loadAppConfig(env: NodeJS.ProcessEnv): Promise<AppConfig> {
  const port = Number(env.PORT ?? 3000);
  const adapter: AdapterName = env.HTTP_ADAPTER === 'fastify' ? 'fastify' : 'express';
  const database = await serverDatabaseOptions(env);
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
  let channels: ChannelConfig[];
  let fileOptions: Partial<PayoutsModuleOptions> = {};
  let sandbox: string | undefined;
  let close: () => Promise<void> = async () => {};
  if (env.PAYOUTS_CONFIG) {
    fileOptions = JSON.parse(readFileSync(env.PAYOUTS_CONFIG, 'utf8')) as Partial<PayoutsModuleOptions>;
    channels = fileOptions.channels ?? [];
  } else {
    // No channels configured: run the four sandbox gateways in this process, on free ports
    // (`npm run sandbox` uses the fixed ports 4010–4013 on its own).
    const started = await startSandbox({
      basePort: Number(env.SANDBOX_PORT ?? 0),
      completeAfterMs: Number(env.SANDBOX_COMPLETE_AFTER_MS ?? 3000),
      // A new seed per start: the gateways' own order numbers must not repeat those of earlier runs kept in ./data.
      seed: Number(env.SANDBOX_SEED ?? Date.now() % 2_147_483_647),
    });
    channels = started.channels;
    sandbox = Object.entries(started.simulators).map(([code, s]) => `${code} ${s.url}`).join(', ');
    close = () => started.close();
  }
  // JSON in the environment, for keys with roles and approval policies beside either mode.
  if (env.PAYOUTS_API_KEYS) fileOptions.apiKeys = [...(fileOptions.apiKeys ?? []), ...(jsonEnv(env, 'PAYOUTS_API_KEYS') as PayoutsModuleOptions['apiKeys'] & object)];
  if (env.PAYOUTS_APPROVALS) fileOptions.approvals = jsonEnv(env, 'PAYOUTS_APPROVALS') as PayoutsModuleOptions['approvals'];
  // Closed by default: the sandbox makes its own key; a real configuration must bring one.
  let apiKey = env.PAYOUTS_API_KEY ?? fileOptions.apiKey;
  let keyFile: string | undefined;
  if (!apiKey && sandbox) ({ key: apiKey, file: keyFile } = sandboxApiKey(env));
  if (!apiKey && !fileOptions.apiKeys?.length) {
    throw new Error(
      `${env.PAYOUTS_CONFIG} sets neither apiKey nor apiKeys, and PAYOUTS_API_KEY is not set: the payouts API would be open to ` +
        'anyone who reaches the port. Set PAYOUTS_API_KEY, or add apiKeys (each with an id and roles) to the file.',
    );
  }
  return {
    version: (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version,
    port,
    adapter,
    database,
    databaseLabel: database.type === 'better-sqlite3' ? `SQLite ${String(database.database)}` : `${database.type} via DATABASE_URL`,
    payouts: {
      ...fileOptions,
      channels,
      publicBaseUrl: fileOptions.publicBaseUrl ?? publicBaseUrl,
      apiKey,
      events: { ...fileOptions.events, publisher: await eventPublisherFrom(env) },
    },
    sandbox,
    keyFile,
    close,
    sampleCurl: (url, channel) =>
      `curl -s -X POST ${url}/payouts -H 'content-type: application/json' -H "x-api-key: ${keyFile ? `$(cat ${relative(process.cwd(), keyFile)})` : '$PAYOUTS_API_KEY'}" ` +
      `-d '${JSON.stringify({ ...sandboxRequest(channel, 'order-1001'), remark: 'invoice 1001' })}'`,
  };
}

/** A JSON environment variable, or an error that names it. */
function jsonEnv(env: NodeJS.ProcessEnv, name: string): unknown {
  try {
    return JSON.parse(String(env[name]));
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
