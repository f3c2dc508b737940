import { createHash, timingSafeEqual } from 'node:crypto';
import { PAYOUT_ROLES, PayoutPrincipal, PayoutRole } from './principal';

/**
 * One API key and what it may do. Give `key` (the secret itself) or `sha256` (the hex SHA-256 of
 * it, as kept in a database): either way only a hash is held in memory and compared.
 */
export interface ApiKeyOptions {
  /** Names the key in the audit trail and logs; never the key itself. */
  id: string;
  key?: string;
  sha256?: string;
  roles: PayoutRole[];
}

interface KnownKey {
  digest: Buffer;
  principal: PayoutPrincipal;
}

const digestOf = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** The configured keys, checked once at boot; `find` compares every key in constant time. */
export class ApiKeys {
  private readonly keys: KnownKey[];

  /** `legacyKey`: the older single `apiKey` option, any length, with every role. */
  constructor(options: readonly ApiKeyOptions[], legacyKey?: string) {
    this.keys = options.map((k, i) => {
      const where = `Payouts option apiKeys[${i}]`;
      if (!k || typeof k.id !== 'string' || !k.id.trim()) throw new Error(`${where}: id must be a non-empty string`);
      if ((k.key === undefined) === (k.sha256 === undefined)) throw new Error(`${where} (${k.id}): give exactly one of key and sha256`);
      if (k.key !== undefined && (typeof k.key !== 'string' || k.key.length < 16)) {
        throw new Error(`${where} (${k.id}): key must be at least 16 characters`);
      }
      if (k.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(k.sha256)) throw new Error(`${where} (${k.id}): sha256 must be 64 hex digits`);
      if (!Array.isArray(k.roles) || !k.roles.length || k.roles.some((r) => !PAYOUT_ROLES.includes(r))) {
        throw new Error(`${where} (${k.id}): roles must be some of ${PAYOUT_ROLES.join(', ')}`);
      }
      const digest = k.key !== undefined ? digestOf(k.key) : Buffer.from(k.sha256!, 'hex');
      return { digest, principal: { id: k.id, roles: [...k.roles] } };
    });
    if (legacyKey) this.keys.push({ digest: digestOf(legacyKey), principal: { id: 'api-key', roles: ['admin'] } });
    const ids = this.keys.map((k) => k.principal.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new Error(`Payouts option apiKeys: the id "${twice}" is used twice`);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The principal of the key given, or undefined. Every key is compared, so timing tells nothing. */
  find(given: string): PayoutPrincipal | undefined {
    const digest = digestOf(given);
    let found: PayoutPrincipal | undefined;
    for (const key of this.keys) if (timingSafeEqual(digest, key.digest)) found = key.principal;
    return found;
  }
}
