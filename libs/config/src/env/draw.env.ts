import { Matches } from 'class-validator';

const HOW_TO_FIX =
  'run `npm start` once (it writes .canyu/secrets.env) or `export DRAW_SEED_KEY=$(openssl rand -hex 32)`; ' +
  'keep it: draws committed under one key can only be drawn with the same key';

/**
 * The process that commits and makes draws (DrawBook). DRAW_SEED_KEY seals each draw's secret
 * seed at rest until the draw and keys the entrants' pseudonyms. No default: with a known key,
 * anyone who can read the database could learn the winners of every pending draw in advance.
 */
export class DrawEnv {
  @Matches(/^[0-9a-fA-F]{64}$/, { message: `DRAW_SEED_KEY must be 64 hex digits (32 random bytes): ${HOW_TO_FIX}` })
  // A key of one repeated digit is no secret (the all-zero key an example would show).
  @Matches(/^(?!(.)\1*$)/, { message: `DRAW_SEED_KEY is one digit repeated, not a random key: ${HOW_TO_FIX}` })
  DRAW_SEED_KEY = '';
}
