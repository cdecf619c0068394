import { CodePoolEntity } from '@lib/persistence';
import { StateCounts } from './code-pools.service';

export interface CodePoolView {
  id: string;
  campaignId: string;
  name: string;
  skus: string[] | null;
  expiresAt: Date | null;
  circles: string[] | null;
  perParticipantLimit: number | null;
  allocatableFrom: Date | null;
  holdSeconds: number;
  capacity: number | null;
  /** Codes ever made in the pool (generated or allocated). */
  issued: number;
  /** Only on GET of one pool. */
  counts?: StateCounts;
  createdAt: Date;
  updatedAt: Date;
}

export function toCodePoolView(p: CodePoolEntity, counts?: StateCounts): CodePoolView {
  return {
    id: p.id,
    campaignId: p.campaignId,
    name: p.name,
    skus: p.skus,
    expiresAt: p.expiresAt,
    circles: p.circles,
    perParticipantLimit: p.perParticipantLimit,
    allocatableFrom: p.allocatableFrom,
    holdSeconds: p.holdSeconds,
    capacity: p.capacity,
    issued: p.issued,
    ...(counts ? { counts } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
