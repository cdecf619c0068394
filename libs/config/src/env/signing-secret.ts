import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

export const MIN_SIGNING_SECRET_LENGTH = 32;

/** The fixed secret CANYU_INSECURE_DEV_SECRETS=true signs with. Public, so never valid otherwise. */
export const INSECURE_DEV_SIGNING_SECRET = 'canyu-insecure-dev-secret-0000000000000000-do-not-use';

/**
 * Values that have been published (old defaults, examples): anyone could sign with them. Add
 * here any example secret that appears in docs or compose files.
 */
export const KNOWN_SIGNING_SECRETS: readonly string[] = ['canyu-dev-only-signing-secret', INSECURE_DEV_SIGNING_SECRET];

const HOW_TO_FIX =
  'run `npm start` once (it writes .canyu/secrets.env) or `export WEBHOOK_SIGNING_SECRET=$(openssl rand -hex 32)` ' +
  '(on a development machine only, CANYU_INSECURE_DEV_SECRETS=true signs with a fixed, public secret)';

/** Why a signing secret is unusable, or null when it may be used. */
export function signingSecretProblem(secret: unknown, insecureDevAllowed: boolean): string | null {
  if (typeof secret !== 'string' || secret.length === 0) return `WEBHOOK_SIGNING_SECRET is not set: ${HOW_TO_FIX}`;
  if (secret === INSECURE_DEV_SIGNING_SECRET && insecureDevAllowed) return null;
  const normalised = secret.trim().toLowerCase();
  if (KNOWN_SIGNING_SECRETS.some((known) => known.toLowerCase() === normalised)) {
    return `WEBHOOK_SIGNING_SECRET is a published default or example value, so anyone could sign with it: ${HOW_TO_FIX}`;
  }
  if (secret.length < MIN_SIGNING_SECRET_LENGTH) {
    return `WEBHOOK_SIGNING_SECRET must be at least ${MIN_SIGNING_SECRET_LENGTH} characters (it has ${secret.length}): ${HOW_TO_FIX}`;
  }
  return null;
}

/** Validates WEBHOOK_SIGNING_SECRET; the sibling CANYU_INSECURE_DEV_SECRETS flag admits the dev secret. */
export function IsUsableSigningSecret(options?: ValidationOptions): PropertyDecorator {
  const allowsDev = (args: ValidationArguments) => (args.object as { CANYU_INSECURE_DEV_SECRETS?: unknown }).CANYU_INSECURE_DEV_SECRETS === true;
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUsableSigningSecret',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => signingSecretProblem(value, allowsDev(args)) === null,
        defaultMessage: (args: ValidationArguments) => signingSecretProblem(args.value, allowsDev(args)) ?? 'WEBHOOK_SIGNING_SECRET is invalid',
      },
    });
}
