export * from './system';
export * from './factories';
export * from './flows';
