import { Injectable } from '@nestjs/common';
import { CodesEnv } from '@lib/config';
import { codeHash } from '@lib/domain';

/** The keyed hash codes are stored and looked up by (CODE_HASH_KEY; the app provides CodesEnv). */
@Injectable()
export class CodeHasher {
  private readonly key: Buffer;

  constructor(env: CodesEnv) {
    this.key = Buffer.from(env.CODE_HASH_KEY, 'hex');
  }

  hash(code: string): string {
    return codeHash(this.key, code);
  }

  /** What attempts record of a code: enough to group attempts on one code, useless to find it. */
  static prefix(hash: string): string {
    return hash.slice(0, 8);
  }
}
