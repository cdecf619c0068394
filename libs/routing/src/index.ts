export * from './node-evaluator';
export * from './routing.module';
export * from './spread-types';
export * from './routable';
export * from './rollout';
