import { BadRequestException } from '@nestjs/common';

/**
 * JSON bodies nested deeper than this are refused with 400. Ours and the gateways' are 2–3 levels
 * deep; class-transformer, class-validator, the masking and JSON.stringify all recurse once per
 * level, so a body of 30,000 `[` (60 KB, under the size limit) would overflow the stack: a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests arrays and objects deeper than `max`. Iterative: it cannot overflow itself. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth === max) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Refuses a parsed body nested deeper than MAX_JSON_DEPTH, before anything recurses into it. */
export function assertJsonDepth(body: unknown): void {
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new BadRequestException(`The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}
