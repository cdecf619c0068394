export * from './api-key-secret';
export * from './auth-context';
export * from './api-key.service';
export * from './api-key.guard';
export * from './roles.decorator';
export * from './access.module';
export * from './provision-workspace';
