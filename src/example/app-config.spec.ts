import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from './app.config';

describe('the example app, closed by default', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'payouts-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const configFile = (options: object) => {
    const file = join(dir, 'payouts.json');
    writeFileSync(file, JSON.stringify({ channels: [{ code: 'fake-idr', protocol: 'fake', currency: 'IDR', secret: 's' }], ...options }));
    return file;
  };

  it('stops with a message when a real configuration brings no key', async () => {
    await expect(loadAppConfig({ PAYOUTS_CONFIG: configFile({}), SQLITE_PATH: join(dir, 'db.sqlite') })).rejects.toThrow(
      /sets neither apiKey nor apiKeys, and PAYOUTS_API_KEY is not set: the payouts API would be open/,
    );
  });

  it('takes keys with roles and approval policies from the environment', async () => {
    const config = await loadAppConfig({
      PAYOUTS_CONFIG: configFile({}), SQLITE_PATH: join(dir, 'db.sqlite'),
      PAYOUTS_API_KEYS: JSON.stringify([{ id: 'ops', key: 'ops-key-0123456789abcdef', roles: ['operator'] }]),
      PAYOUTS_APPROVALS: JSON.stringify({ 'fake-idr': { thresholds: [{ over: '100', approvals: 1 }] } }),
    });
    expect(config.payouts.apiKeys).toEqual([{ id: 'ops', key: 'ops-key-0123456789abcdef', roles: ['operator'] }]);
    expect(config.payouts.approvals).toEqual({ 'fake-idr': { thresholds: [{ over: '100', approvals: 1 }] } });
    await expect(loadAppConfig({ PAYOUTS_CONFIG: configFile({}), PAYOUTS_APPROVALS: '{nope' })).rejects.toThrow(/PAYOUTS_APPROVALS is not valid JSON/);
  });

  it('makes the sandbox a key of its own on the first start, readable by its owner only, and keeps it', async () => {
    const env = { PAYOUTS_API_KEY_FILE: join(dir, 'api-key'), SQLITE_PATH: join(dir, 'db.sqlite'), SANDBOX_COMPLETE_AFTER_MS: '100' };
    const first = await loadAppConfig(env);
    try {
      expect(first.payouts.apiKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(readFileSync(env.PAYOUTS_API_KEY_FILE, 'utf8').trim()).toBe(first.payouts.apiKey);
      expect(statSync(env.PAYOUTS_API_KEY_FILE).mode & 0o777).toBe(0o600);
      expect(first.sampleCurl('http://localhost:3000', 'paypro-idn')).toContain(`-H "x-api-key: $(cat `);
    } finally {
      await first.close();
    }
    const again = await loadAppConfig(env);
    await again.close();
    expect(again.payouts.apiKey).toBe(first.payouts.apiKey);
  });
});
