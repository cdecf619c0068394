import { MemberCodec, PLAIN_CODEC, UUID_COMPLEMENT_CODEC } from './member-codec';

/**
 * Which time breaks a tie between equal scores (earlier ranks first):
 * - 'latest': the latest `at` a member was given, i.e. when it reached its current score;
 * - 'first': the earliest `at` it was given, i.e. when it first appeared;
 * - 'explicit': the `at` of its last update, whatever it is.
 * 'latest' and 'first' are a maximum and a minimum, so they do not depend on arrival order.
 */
export type TieTime = 'latest' | 'first' | 'explicit';

/** 'desc': the highest score ranks first; 'asc': the lowest (a board where lower is better). */
export type BoardOrder = 'desc' | 'asc';

/**
 * How members are stored. 'plain' (the default) takes any id and orders ties by its UTF-8 bytes.
 * 'uuid-complement' is the spread leaderboard's `board2` layout from before this library, kept so
 * the boards already in Redis stay readable; its ids must be uuids.
 */
export type BoardLayout = 'plain' | 'uuid-complement';

export interface BoardKeyNames {
  board: string;
  members: string;
  credited: string;
  built: string;
}

export interface BoardSpec {
  /** Prefix of every key of the board. Give it a `{hash tag}` so a cluster keeps the keys in one slot. */
  readonly base: string;
  readonly tieTime: TieTime;
  readonly order?: BoardOrder;
  readonly layout?: BoardLayout;
  /** Key suffixes, default `board`, `members`, `credited`, `built`. */
  readonly names?: Partial<BoardKeyNames>;
}

export interface BoardKeys {
  /** ZSET: stored score → encoded member (time prefix + id). */
  board: string;
  /** HASH: member id → its encoded member. */
  members: string;
  /** SET: credit keys already applied. */
  credited: string;
  built: string;
  /** The rebuild lease (a token with a TTL) and the staged copy it fills. */
  lease: string;
  staging: { board: string; members: string; credited: string };
}

export function boardKeys(spec: BoardSpec): BoardKeys {
  const n = { board: 'board', members: 'members', credited: 'credited', built: 'built', ...spec.names };
  const key = (suffix: string) => `${spec.base}:${suffix}`;
  return {
    board: key(n.board),
    members: key(n.members),
    credited: key(n.credited),
    built: key(n.built),
    lease: key(`${n.board}:rebuild`),
    staging: { board: key(`${n.board}:staging`), members: key(`${n.members}:staging`), credited: key(`${n.credited}:staging`) },
  };
}

export interface BoardLayoutRules {
  codec: MemberCodec;
  /** Stored score = sign × score. */
  sign: 1 | -1;
  /** Read with ZREVRANGE/ZREVRANK (else ZRANGE/ZRANK). */
  reverse: boolean;
}

/**
 * Redis orders equal scores by member bytes. A plain board reads ascending, so members are
 * `<time><id>` and a descending board stores negated scores; the uuid-complement layout reads
 * descending, so its members are complemented instead and an ascending board negates.
 */
export function layoutRules(spec: BoardSpec): BoardLayoutRules {
  const desc = (spec.order ?? 'desc') === 'desc';
  if ((spec.layout ?? 'plain') === 'plain') return { codec: PLAIN_CODEC, sign: desc ? -1 : 1, reverse: false };
  return { codec: UUID_COMPLEMENT_CODEC, sign: desc ? 1 : -1, reverse: true };
}
