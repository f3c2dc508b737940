import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every source file of the example host, with its path from this folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the example host', () => {
  it('uses the payouts module only through what the package exports (its index and its health and openapi entries), so a host can copy any file', () => {
    const deep: string[] = [];
    for (const file of sources(__dirname)) {
      for (const [, from] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        if (/(^|\/)payouts(\/|$)/.test(from) && !/^(\.\.\/)+payouts(\/health|\/openapi)?$/.test(from)) deep.push(`${relative(__dirname, file)}: ${from}`);
      }
    }
    expect(sources(__dirname).length).toBeGreaterThan(5);
    expect(deep).toEqual([]);
  });
});
