import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NodeOutcome } from '@lib/mechanics';
import { MechanicInputEntity } from '@lib/persistence';
import { AfterCommit, mergeAfter, nothingAfter } from './outcome-applier';
import { InputRows } from './input-rows';
import { LoadedNode, NodeContextLoader } from './node-context.loader';
import { NodeEffects } from './node-effects';
import { lockNodeKeys } from './node-locks';
import { TxNodeReads } from './node-reads';

/**
 * Judges node-level inputs (entries, votes). Inputs of one node that share the mechanic's
 * lock key (the voter, the author) are judged one at a time: the advisory lock is taken
 * before the input's row lock, so a mechanic may re-judge the key's other inputs safely.
 */
@Injectable()
export class NodeInputRunner {
  constructor(
    private readonly db: DataSource,
    private readonly nodes: NodeContextLoader,
    private readonly rows: InputRows,
    private readonly effects: NodeEffects,
  ) {}

  async judge(workspaceId: string, peek: MechanicInputEntity): Promise<AfterCommit | null> {
    if (!peek.nodeId) return null;
    const nodeId = peek.nodeId;
    return this.db.transaction(async (tx) => {
      const loaded = await this.nodes.load(tx, workspaceId, nodeId);
      const reads = new TxNodeReads(tx, workspaceId, nodeId);
      if (!loaded?.handler.node) {
        await this.rows.verdict(tx, peek.id, { state: 'judged', accepted: false, reason: 'NOT_AN_INPUT_OF_MECHANIC' });
        return nothingAfter();
      }
      const view = await reads.one(peek.id);
      if (!view) return null;
      // Shared with other inputs, exclusive to a running phase (a close waits for judging in flight).
      await tx.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [`node-phase:${nodeId}`]);
      await lockNodeKeys(tx, nodeId, loaded.handler.node.lockKey(view, loaded.ctx));
      const input = await this.rows.lock(tx, workspaceId, peek.id);
      if (!input || input.state !== 'pending') return null;
      const outcome = await loaded.handler.node.handleNodeInput(loaded.ctx, (await reads.one(peek.id))!, reads);
      return this.apply(tx, loaded, outcome);
    });
  }

  /** Verdicts, then effects, in the caller's transaction (phases use it too). */
  async apply(tx: EntityManager, loaded: LoadedNode, outcome: NodeOutcome): Promise<AfterCommit> {
    for (const v of outcome.verdicts) {
      await this.rows.verdict(tx, v.inputId, { state: v.state, accepted: v.accepted ?? null, reason: v.reason ?? null, detail: v.detail });
    }
    return mergeAfter(nothingAfter(), await this.effects.apply(tx, loaded, outcome.effects));
  }
}
