import { PayoutValidationError } from '../domain/errors';

/** The opaque `nextCursor` of a page whose rows are ordered by id (payouts, batches, a batch's items). */
export function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

/** The id a cursor this API returned stands for; anything else is a 400 naming the field. */
export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new PayoutValidationError([{ field: 'cursor', problem: 'is not a cursor this API returned' }]);
  return id;
}
