import type { ClipAnalysis } from '../analysis.types';

export type WorkerMessage =
  | { type: 'result'; result: ClipAnalysis }
  | { type: 'failed'; message: string }
  | { type: 'child'; pid: number; state: 'spawned' | 'exited' };
