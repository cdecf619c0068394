export * from './system';
export * from './factories';
