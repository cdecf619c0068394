/**
 * The shop's opaque id for a person (participantId in events, :externalId in paths): letters,
 * digits and . _ : -, 1 to 128 characters. Never a phone number or an e-mail address.
 */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A UUID in its canonical 8-4-4-4-12 hex form, any version, either case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
