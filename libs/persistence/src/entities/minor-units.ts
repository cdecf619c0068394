import { ValueTransformer } from 'typeorm';

/**
 * Money in minor units (fen, cents) is `bigint` in PostgreSQL, which node-postgres returns as
 * a string; amounts the API accepts stay below 2^53, so a JS number holds them exactly.
 */
export const minorUnits: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
