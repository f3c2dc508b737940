import { ValueTransformer } from 'typeorm';

/**
 * BIGINT minor units. mysql2 returns BIGINT as a string; amounts stay far below 2^53,
 * so they are plain integers in code and the transformer refuses anything that is not.
 */
export const bigintMinorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null || value === undefined) return value;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`Amount ${value} is not a safe integer of minor units`);
    return n;
  },
};

/** JSON stored as text, portable across SQLite and MySQL. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? null : JSON.parse(value)),
};

/** Booleans as 0/1 integers on both databases. */
export const booleanInt: ValueTransformer = {
  to: (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0),
  from: (value: number | boolean | null) => value === 1 || value === true || (value as unknown) === '1',
};
