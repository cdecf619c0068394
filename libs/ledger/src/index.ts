export * from './award.types';
export { DEFAULT_HOLD_MS, MAX_HOLD_MS, MAX_SOURCE_KEY_LENGTH } from './award-request';
export * from './ledger';
export * from './ledger.module';
export * from './spend';
export { type EntryRow, toEntryRecord } from './ledger-sql';
