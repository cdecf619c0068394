export * from './draw-book';
export * from './draw-reader';
export * from './draw-seed-vault';
export * from './draw-views';
export * from './draws.module';
