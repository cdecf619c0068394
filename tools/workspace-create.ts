import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { provisionWorkspace } from '@lib/access';
import { DatabaseEnv, loadEnv } from '@lib/config';
import { dataSourceOptions } from '@lib/persistence';

// Usage: node dist/tools/workspace-create.js "<name>" <slug>  → prints {"workspaceId","adminKey"}
const [name = 'Demo workspace', slug = 'demo'] = process.argv.slice(2);
const db = new DataSource(dataSourceOptions(loadEnv(DatabaseEnv).DATABASE_URL, 2));
db.initialize()
  .then(() => provisionWorkspace(db, name, slug))
  .then((out) => console.log(JSON.stringify(out)))
  .finally(() => db.destroy())
  .catch((err: Error) => {
    console.error(`workspace:create failed: ${err.message}`);
    process.exit(1);
  });
