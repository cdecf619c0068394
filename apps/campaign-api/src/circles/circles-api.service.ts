import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '@lib/access';
import { Admissions, CircleErrors, CircleMoves, CircleRings, RingInput, RingPatch, RingRecord, transactionWithRetry } from '@lib/circles';
import { DomainError, ErrorCodes, Page } from '@lib/domain';
import { CircleMoveEntity, ParticipantEntity } from '@lib/persistence';
import { AuditService } from '../audit/audit.service';
import { keysetPage } from '../common/keyset-page';
import { AdmissionView, toAdmissionView } from './circles.views';

/** Requests may carry a business time up to this far ahead of our clock (client clock skew). */
const FUTURE_SKEW_MS = 5 * 60_000;

/** The admin side of fan circles: each write in one transaction with its audit row. */
@Injectable()
export class CirclesApi {
  constructor(
    private readonly db: DataSource,
    private readonly rings: CircleRings,
    private readonly admissions: Admissions,
    private readonly moves: CircleMoves,
    private readonly audit: AuditService,
  ) {}

  create(auth: AuthContext, input: RingInput): Promise<RingRecord> {
    return this.db.transaction(async (tx) => {
      const rec = await this.rings.create(tx, auth.workspaceId, input, new Date());
      await this.audit.record(tx, auth, 'circle.create', { type: 'circle', id: rec.ring.id }, { name: rec.ring.name, position: rec.ring.position });
      return rec;
    });
  }

  list(auth: AuthContext): Promise<RingRecord[]> {
    return this.rings.list(this.db.manager, auth.workspaceId, new Date());
  }

  get(auth: AuthContext, name: string): Promise<RingRecord> {
    return this.rings.get(this.db.manager, auth.workspaceId, name, new Date());
  }

  update(auth: AuthContext, name: string, patch: RingPatch): Promise<RingRecord> {
    return transactionWithRetry(this.db, async (tx) => {
      const rec = await this.rings.update(tx, auth.workspaceId, name, patch, new Date());
      await this.audit.record(tx, auth, 'circle.update', { type: 'circle', id: rec.ring.id }, { name, fields: Object.keys(patch) });
      return rec;
    });
  }

  reorder(auth: AuthContext, names: string[]): Promise<RingRecord[]> {
    return this.db.transaction(async (tx) => {
      const recs = await this.rings.reorder(tx, auth.workspaceId, names, new Date());
      await this.audit.record(tx, auth, 'circle.reorder', { type: 'workspace', id: auth.workspaceId }, { circles: names });
      return recs;
    });
  }

  /** 201 with the new state, or 200 with the state of an earlier request (`created` false). */
  requestAdmission(auth: AuthContext, name: string, externalId: string, requestedAt?: Date): Promise<{ created: boolean; view: AdmissionView }> {
    const now = new Date();
    if (requestedAt && requestedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw new DomainError(CircleErrors.REQUESTED_IN_FUTURE, 'requestedAt is in the future', 'validation');
    }
    return transactionWithRetry(this.db, async (tx) => {
      const ring = await this.rings.find(tx, auth.workspaceId, name);
      const participant = await this.ensureParticipant(tx, auth.workspaceId, externalId);
      const { created, status } = await this.admissions.request(tx, ring, participant.id, requestedAt ?? now, now);
      if (created) await this.audit.record(tx, auth, 'circle.admission', { type: 'participant', id: participant.id }, { circle: name, state: status.state });
      return { created, view: toAdmissionView(status, externalId) };
    });
  }

  async admission(auth: AuthContext, name: string, externalId: string): Promise<AdmissionView> {
    const ring = await this.rings.find(this.db.manager, auth.workspaceId, name);
    const participant = await this.findParticipant(this.db.manager, auth.workspaceId, externalId);
    if (!participant) throw new DomainError(CircleErrors.ADMISSION_NOT_FOUND, `no admission request to ${name} for ${externalId}`, 'not_found');
    return toAdmissionView(await this.admissions.get(this.db.manager, ring, participant.id, new Date()), externalId);
  }

  /**
   * PUT /v1/participants/:id with a circle: a marketer's decision, through the one move service.
   * Once the workspace has rings, the circle must be one of them; before that any name is taken (as it always was).
   */
  putParticipant(auth: AuthContext, externalId: string, circle: string | null | undefined): Promise<ParticipantEntity> {
    return transactionWithRetry(this.db, async (tx) => {
      if (circle) await this.assertKnownCircle(tx, auth.workspaceId, circle);
      const participant = await this.ensureParticipant(tx, auth.workspaceId, externalId);
      let moveId: string | null = null;
      if (circle !== undefined) {
        const res = await this.moves.move(tx, {
          workspaceId: auth.workspaceId, participantId: participant.id, to: circle, reason: 'MARKETER_DECISION',
          actor: { type: 'api_key', id: auth.apiKeyId }, at: new Date(),
        });
        if (res.moved) moveId = res.move.id;
      }
      const row = await tx.getRepository(ParticipantEntity).findOneByOrFail({ id: participant.id });
      await this.audit.record(tx, auth, 'participant.update', { type: 'participant', id: row.id }, { circle: row.circle, moveId });
      return row;
    });
  }

  async movesOf(auth: AuthContext, externalId: string, limit: number, cursor?: string): Promise<Page<CircleMoveEntity>> {
    const participant = await this.findParticipant(this.db.manager, auth.workspaceId, externalId);
    if (!participant) throw new DomainError(ErrorCodes.PARTICIPANT_NOT_FOUND, `participant ${externalId} not found`, 'not_found');
    const qb = this.db
      .getRepository(CircleMoveEntity)
      .createQueryBuilder('m')
      .where('m.workspace_id = :ws AND m.participant_id = :pid', { ws: auth.workspaceId, pid: participant.id });
    return keysetPage(qb, 'm', limit, cursor);
  }

  private async assertKnownCircle(tx: EntityManager, workspaceId: string, circle: string): Promise<void> {
    const rows = (await tx.query(`SELECT name FROM circle_ring WHERE workspace_id = $1`, [workspaceId])) as { name: string }[];
    if (rows.length > 0 && !rows.some((r) => r.name === circle)) {
      throw new DomainError(CircleErrors.NOT_FOUND, `circle ${circle} not found`, 'not_found', { circles: rows.map((r) => r.name).sort() });
    }
  }

  private async ensureParticipant(tx: EntityManager, workspaceId: string, externalId: string): Promise<ParticipantEntity> {
    await tx.query(`INSERT INTO participant (workspace_id, external_id) VALUES ($1, $2) ON CONFLICT (workspace_id, external_id) DO NOTHING`, [workspaceId, externalId]);
    return tx.getRepository(ParticipantEntity).findOneByOrFail({ workspaceId, externalId });
  }

  private findParticipant(tx: EntityManager, workspaceId: string, externalId: string): Promise<ParticipantEntity | null> {
    return tx.getRepository(ParticipantEntity).findOneBy({ workspaceId, externalId });
  }
}
