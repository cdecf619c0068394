export * from './error-body';
export * from './domain-exception.filter';
export * from './validation';
export * from './ops.module';
export * from './http-app';
