import { Injectable } from '@nestjs/common';
import { ActivityState, MechanicKind } from '@lib/domain';
import { MechanicContext, MechanicHandler, MechanicOutcome } from '../mechanic.interface';
import { NodeMechanic, NodeOutcome } from '../node-mechanic.interface';
import { DrawConfig } from './draw.config';

const COMMIT = 'commit';
const DRAW = 'draw';

/**
 * A lottery node: whoever enters the node (its trigger: a check-in at a fan party, a
 * purchase) before `drawAt` is in the draw. The commitment to the secret seed is published
 * when entries open; at `drawAt` the entrant list is frozen, the seed revealed and the
 * winners picked as a public function of both (GET …/draws/:id/proof, npm run verify-draw).
 */
@Injectable()
export class DrawMechanic implements MechanicHandler<DrawConfig> {
  readonly kind = MechanicKind.Draw;
  readonly configClass = DrawConfig;
  readonly configVersion = 1;
  readonly inputs = [] as const;

  readonly node: NodeMechanic<DrawConfig> = {
    acceptsNodeInput: () => false,
    lockKey: (input) => input.participantId,
    handleNodeInput: async (): Promise<NodeOutcome> => ({ verdicts: [], effects: [] }),
    phases: (ctx) => [
      { name: COMMIT, at: ctx.config.entriesOpenAt ? new Date(ctx.config.entriesOpenAt) : new Date(0) },
      { name: DRAW, at: new Date(ctx.config.drawAt) },
    ],
    runPhase: async (ctx, phase, reads): Promise<NodeOutcome> => {
      const { name, winners, prizePoolId } = ctx.config;
      if (phase.name === COMMIT) return { verdicts: [], effects: [{ type: 'draw-commit', name, winners }], summary: { committed: name } };
      if (phase.name !== DRAW) return { verdicts: [], effects: [], summary: { unknownPhase: phase.name } };
      const entrants = (await reads.entrants(new Date(ctx.config.drawAt))).map((participantId) => ({ participantId }));
      return { verdicts: [], effects: [{ type: 'draw', name, winners, entrants, ...(prizePoolId ? { prizePoolId } : {}) }], summary: { entrants: entrants.length } };
    },
  };

  /** Entering the node is entering the draw. */
  activate(ctx: MechanicContext<DrawConfig>): MechanicOutcome {
    if (ctx.activity.state !== ActivityState.Pending) return { state: ctx.activity.state, result: ctx.activity.result, effects: [] };
    return { state: ActivityState.Invited, result: { draw: ctx.config.name }, effects: [] };
  }

  expire(): MechanicOutcome | null {
    return null;
  }
}
