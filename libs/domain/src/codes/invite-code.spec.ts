import { CODE_ALPHABET, checkSymbol, codeHash, formatCode, generateCodes, readCode } from './invite-code';

describe('invite codes', () => {
  it('should use a 32-symbol alphabet without the look-alikes 0, O, 1 and I', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const c of '0O1I') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('should generate unique codes whose check symbol verifies, with every symbol about equally often', () => {
    const codes = generateCodes(100_000);
    expect(new Set(codes).size).toBe(100_000);
    expect(codes.every((c) => c.length === 11 && readCode(c).ok)).toBe(true);
    const counts = new Map<string, number>();
    for (const c of codes) for (const s of c.slice(0, -1)) counts.set(s, (counts.get(s) ?? 0) + 1);
    const expected = (100_000 * 10) / 32;
    // Chi-square with 31 degrees of freedom: above 84 happens by chance about once in a million runs.
    const chi = [...CODE_ALPHABET].reduce((sum, s) => sum + ((counts.get(s) ?? 0) - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(84);
  });

  it('should call every single-symbol substitution a typo, never a valid code', () => {
    const [code] = generateCodes(1);
    for (let i = 0; i < code.length; i++) {
      for (const s of CODE_ALPHABET) {
        if (s === code[i]) continue;
        expect(readCode(code.slice(0, i) + s + code.slice(i + 1))).toEqual({ ok: false, reason: 'TYPO' });
      }
    }
  });

  it('should catch swaps of neighbouring symbols almost always', () => {
    let caught = 0;
    let swaps = 0;
    for (const code of generateCodes(2000)) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        swaps++;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        if (!readCode(swapped).ok) caught++;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.99);
  });

  it('should read a code as people type it, and tell malformed input from a typo', () => {
    const [code] = generateCodes(1);
    expect(readCode(` ${formatCode(code).toLowerCase()} `)).toEqual({ ok: true, code });
    expect(readCode(code.slice(0, -1))).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(readCode(`${code.slice(0, -1)}0`)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(readCode(42)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(checkSymbol(code.slice(0, -1))).toBe(code.slice(-1));
  });

  it('should store a keyed hash that depends on the key', () => {
    const [code] = generateCodes(1);
    const a = codeHash(Buffer.alloc(32, 1), code);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(codeHash(Buffer.alloc(32, 2), code)).not.toBe(a);
    expect(a).not.toContain(code);
  });
});
