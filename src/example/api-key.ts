import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The sandbox's API key: made at random on the first start and kept in `./data/api-key`
 * (PAYOUTS_API_KEY_FILE to move it), readable by its owner only, so that restarts keep it.
 */
export function sandboxApiKey(env: NodeJS.ProcessEnv): { key: string; file: string; created: boolean } {
  const file = resolve(env.PAYOUTS_API_KEY_FILE ?? 'data/api-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 16) return { key, file, created: false };
  }
  const key = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, file, created: true };
}
