import { createHmac } from 'node:crypto';
import { signPayload, verifySignature } from './signature';

const SECRET = 'whsec_test_0123456789';
const NOW = new Date('2026-03-03T02:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const WINDOW_MS = 5 * 60_000;
const BODY = JSON.stringify({ messageId: 'm-1', status: 'delivered' });

const signed = (timestampSec = NOW_SEC, body = BODY, secret = SECRET) => ({
  signature: signPayload(secret, timestampSec, body),
  timestamp: String(timestampSec),
});

describe('signPayload', () => {
  it('should produce a v1 hex HMAC-SHA256 over "timestamp.body" when signing', () => {
    // Arrange
    const expected = createHmac('sha256', SECRET).update(`${NOW_SEC}.${BODY}`).digest('hex');
    // Act
    const signature = signPayload(SECRET, NOW_SEC, BODY);
    // Assert
    expect(signature).toBe(`v1=${expected}`);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});

describe('verifySignature', () => {
  it('should accept when the signature was made with the same secret, timestamp and body', () => {
    expect(verifySignature(SECRET, signed(), BODY, NOW, WINDOW_MS)).toEqual({ ok: true });
  });

  it('should answer MISMATCH when the body was tampered with after signing', () => {
    // Arrange
    const headers = signed();
    const tampered = BODY.replace('delivered', 'failed');
    // Act
    const check = verifySignature(SECRET, headers, tampered, NOW, WINDOW_MS);
    // Assert
    expect(check).toEqual({ ok: false, reason: 'MISMATCH' });
  });

  it('should answer MISMATCH when the secret differs', () => {
    expect(verifySignature(SECRET, signed(NOW_SEC, BODY, 'other-secret'), BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'MISMATCH' });
  });

  it('should answer MISMATCH when the timestamp header was changed within the window', () => {
    // Arrange: a valid signature re-used with a fresher timestamp
    const headers = { ...signed(NOW_SEC - 60), timestamp: String(NOW_SEC) };
    // Act / Assert
    expect(verifySignature(SECRET, headers, BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'MISMATCH' });
  });

  it('should answer MISMATCH without throwing when the signature has the wrong length or scheme', () => {
    const { timestamp, signature } = signed();
    for (const bad of ['v1=abc', signature.replace('v1=', 'v2='), signature.toUpperCase(), `${signature}0`]) {
      expect(verifySignature(SECRET, { signature: bad, timestamp }, BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'MISMATCH' });
    }
  });

  it('should answer STALE when the timestamp is older than the window', () => {
    // Arrange: correctly signed but replayed 301 s later
    const headers = signed(NOW_SEC - 301);
    // Act / Assert
    expect(verifySignature(SECRET, headers, BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'STALE' });
  });

  it('should accept when the timestamp is exactly at the edge of the window', () => {
    expect(verifySignature(SECRET, signed(NOW_SEC - 300), BODY, NOW, WINDOW_MS)).toEqual({ ok: true });
  });

  it('should answer FUTURE when the timestamp is further ahead than the allowed skew', () => {
    expect(verifySignature(SECRET, signed(NOW_SEC + 301), BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'FUTURE' });
    expect(verifySignature(SECRET, signed(NOW_SEC + 61), BODY, NOW, WINDOW_MS, 60_000)).toEqual({ ok: false, reason: 'FUTURE' });
    expect(verifySignature(SECRET, signed(NOW_SEC + 1), BODY, NOW, WINDOW_MS, 0)).toEqual({ ok: false, reason: 'FUTURE' });
  });

  it('should default the future skew to 60 s and accept a timestamp exactly at it', () => {
    expect(verifySignature(SECRET, signed(NOW_SEC + 60), BODY, NOW, WINDOW_MS)).toEqual({ ok: true });
    expect(verifySignature(SECRET, signed(NOW_SEC + 61), BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'FUTURE' });
    expect(verifySignature(SECRET, signed(NOW_SEC + 120), BODY, NOW, WINDOW_MS, 120_000)).toEqual({ ok: true });
  });

  it('should check staleness before the signature when both are wrong', () => {
    expect(verifySignature(SECRET, { signature: 'v1=00', timestamp: String(NOW_SEC - 3600) }, BODY, NOW, WINDOW_MS)).toEqual({
      ok: false,
      reason: 'STALE',
    });
  });

  it('should answer MISSING when the signature or timestamp header is absent or empty', () => {
    // Arrange
    const { signature, timestamp } = signed();
    const cases = [{ timestamp }, { signature }, {}, { signature: '', timestamp }, { signature, timestamp: '' }];
    // Act / Assert
    for (const headers of cases) expect(verifySignature(SECRET, headers, BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'MISSING' });
  });

  it('should answer MISSING when the timestamp is not plain Unix seconds', () => {
    const { signature } = signed();
    for (const timestamp of ['2026-03-03T02:00:00Z', '-1772503200', '1772503200.5', `${NOW.getTime()}0`]) {
      expect(verifySignature(SECRET, { signature, timestamp }, BODY, NOW, WINDOW_MS)).toEqual({ ok: false, reason: 'MISSING' });
    }
  });
});
