// Thread entry of analyseInSandbox: one analysis, its result (or failure) posted to the parent,
// and every ffmpeg child announced so the parent can kill it if it has to end this thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisLimits } from '../analysis.types';
import { analyseFile } from '../analyse-file';
import { onFfmpegChild } from '../pcm/ffmpeg-source';
import type { WorkerMessage } from './worker-messages';

const port = parentPort;
const data = workerData as { path: string; limits: AnalysisLimits };
const post = (m: WorkerMessage): void => port?.postMessage(m);

onFfmpegChild((pid, state) => post({ type: 'child', pid, state }));
analyseFile(data.path, data.limits).then(
  (result) => post({ type: 'result', result }),
  (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
);
