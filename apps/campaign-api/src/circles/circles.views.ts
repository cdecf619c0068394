import { AdmissionStatus, PromotionRule, RingRecord } from '@lib/circles';
import { CircleMoveEntity } from '@lib/persistence';

export interface CircleView {
  id: string;
  name: string;
  position: number;
  promotion: PromotionRule | null;
  demoteAfterInactiveDays: number | null;
  phases: { opensAt: string; seats: number }[];
  seats: { open: number | null; admitted: number; waitlisted: number; nextOpensAt: string | null };
  createdAt: string;
  updatedAt: string;
}

export function toCircleView({ ring, phases, seats }: RingRecord): CircleView {
  return {
    id: ring.id,
    name: ring.name,
    position: ring.position,
    promotion: ring.promotion,
    demoteAfterInactiveDays: ring.demoteAfterInactiveDays,
    phases: phases.map((p) => ({ opensAt: p.opensAt.toISOString(), seats: p.seats })),
    seats: { open: seats.open, admitted: seats.admitted, waitlisted: seats.waitlisted, nextOpensAt: seats.nextOpensAt?.toISOString() ?? null },
    createdAt: ring.createdAt.toISOString(),
    updatedAt: ring.updatedAt.toISOString(),
  };
}

export interface AdmissionView {
  participantId: string;
  circle: string;
  state: AdmissionStatus['state'];
  place: number | null;
  requestedAt: string;
  admittedAt: string | null;
  nextOpensAt: string | null;
}

/** `participantId` is the external id the caller knows the person by. */
export function toAdmissionView(s: AdmissionStatus, externalId: string): AdmissionView {
  return {
    participantId: externalId,
    circle: s.circle,
    state: s.state,
    place: s.place,
    requestedAt: s.requestedAt.toISOString(),
    admittedAt: s.admittedAt?.toISOString() ?? null,
    nextOpensAt: s.nextOpensAt?.toISOString() ?? null,
  };
}

export interface CircleMoveView {
  id: string;
  from: string | null;
  to: string | null;
  reason: string;
  actor: { type: string; id: string };
  at: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export function toMoveView(m: CircleMoveEntity): CircleMoveView {
  return {
    id: m.id,
    from: m.fromCircle,
    to: m.toCircle,
    reason: m.reason,
    actor: { type: m.actorType, id: m.actorId },
    at: m.at.toISOString(),
    details: m.details,
    createdAt: m.createdAt.toISOString(),
  };
}
