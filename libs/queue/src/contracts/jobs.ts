import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { EnvelopeV1, WorkspaceEnvelopeV1 } from './envelope';
import { QueueName } from '../queue-names';

/** Upper bound on ids in one batch job: keeps payloads small and transactions short. */
export const MAX_BATCH_IDS = 1000;

// Payloads carry IDs only; handlers reload rows from Postgres (no PII ever reaches Redis).

/** An ingested event is stored and waits to be routed to nodes. */
export class EventReceivedV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() eventId!: string;
}

/** The events of one ingest request, routed together (the fast path for batches). */
export class EventBatchReceivedV1 extends WorkspaceEnvelopeV1 {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_IDS) @IsUUID('all', { each: true }) eventIds!: string[];
}

/** A participant entered a node: run the mechanic's activate step. */
export class NodeActivatedV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() activityId!: string;
}

/**
 * Before the mechanic runtime: a post addressed to an activity. Still consumed (job names are
 * a wire contract) so jobs queued by an older release finish; new code enqueues mechanic.input.
 */
export class MechanicInputV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() activityId!: string;
  @IsUUID() eventId!: string;
}

/** A mechanic input to judge: an event addressed to an activity or a node (mechanic_input row). */
export class MechanicInputV2 extends WorkspaceEnvelopeV1 {
  @IsUUID() inputId!: string;
  @IsInt() @Min(0) revision!: number;
}

/** A mechanic input whose route asks for a slow analysis step first (decode and measure a clip). */
export class AnalyseInputV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() inputId!: string;
}

/** A moderator decided on a contest entry (entry_review row): apply it once. */
export class ReviewDecidedV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() reviewId!: string;
}

/** A node phase (round close, draw) came due: run it once. */
export class PhaseDueV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() phaseId!: string;
}

/** A mechanic's deadline passed: expire the activity if still open. */
export class DeadlineReachedV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() activityId!: string;
}

export class SendMessageV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() messageId!: string;
}

/** A post, repost, referral or follow to record as a spread event. */
export class RecordSpreadV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() eventId!: string;
  /**
   * Set when a mechanic's verdict is what is owed: a post that waited for an invitation is
   * recorded a second time, under its own job id (the first one may still sit in Redis).
   */
  @IsOptional() @IsIn([true]) afterVerdict?: true;
  /** With afterVerdict: the input's revision, so a verdict given again is recorded again. */
  @IsOptional() @IsInt() @Min(0) revision?: number;
}

/** Many spread events recorded in one transaction (reposts arriving in a batch). */
export class RecordSpreadBatchV1 extends WorkspaceEnvelopeV1 {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_IDS) @IsUUID('all', { each: true }) eventIds!: string[];
}

/** Credit a counted spread event to the Redis leaderboard and reach (exactly once). */
export class CreditSpreadV1 extends WorkspaceEnvelopeV1 {
  @IsUUID() spreadEventId!: string;
}

export class SweepV1 extends EnvelopeV1 {}

/** Job name → payload class and queue. Names are dotted, stable and part of the wire contract. */
export const JOB_CONTRACTS = {
  'event.received': { queue: QueueName.Events, payload: EventReceivedV1 },
  'event.batch-received': { queue: QueueName.Events, payload: EventBatchReceivedV1 },
  'mechanic.node-activated': { queue: QueueName.Mechanics, payload: NodeActivatedV1 },
  'mechanic.input-received': { queue: QueueName.Mechanics, payload: MechanicInputV1 },
  'mechanic.input': { queue: QueueName.Mechanics, payload: MechanicInputV2 },
  'mechanic.phase-due': { queue: QueueName.Mechanics, payload: PhaseDueV1 },
  'mechanic.review': { queue: QueueName.Mechanics, payload: ReviewDecidedV1 },
  'mechanic.analyse': { queue: QueueName.Analysis, payload: AnalyseInputV1 },
  'mechanic.deadline-reached': { queue: QueueName.Mechanics, payload: DeadlineReachedV1 },
  'outreach.send': { queue: QueueName.Outreach, payload: SendMessageV1 },
  'scoring.record-spread': { queue: QueueName.Scoring, payload: RecordSpreadV1 },
  'scoring.record-spread-batch': { queue: QueueName.Scoring, payload: RecordSpreadBatchV1 },
  'scoring.credit-spread': { queue: QueueName.Scoring, payload: CreditSpreadV1 },
  'maintenance.sweep': { queue: QueueName.Maintenance, payload: SweepV1 },
} as const;

export type JobName = keyof typeof JOB_CONTRACTS;
export type JobData<N extends JobName> = InstanceType<(typeof JOB_CONTRACTS)[N]['payload']>;
export type JobsOfQueue<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_CONTRACTS)[N]['queue'] extends Q ? N : never;
}[JobName];
