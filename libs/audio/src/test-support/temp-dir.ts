import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory per spec file, removed after it (register in the describe body). */
export function tempDir(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `canyu-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name: string) => join(dir, name);
}
