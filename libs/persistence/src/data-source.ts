import { DataSource } from 'typeorm';
import { DatabaseEnv, loadEnv } from '@lib/config';
import { dataSourceOptions } from './data-source-options';

// Entry point for the TypeORM CLI (migration:generate / --check / run), compiled to dist.
const env = loadEnv(DatabaseEnv);
export default new DataSource(dataSourceOptions(env.DATABASE_URL, 2));
