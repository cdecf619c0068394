export * from './board-spec';
export * from './board-rebuild';
export * from './ranking-boards';
export type { RankUpdate, RebuildRow } from './updates';
export { MAX_TIE_MS } from './member-codec';
export * from './node-standings';
