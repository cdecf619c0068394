import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { issueKey } from '@lib/access';
import { DatabaseEnv, loadEnv } from '@lib/config';
import { ApiKeyEntity, dataSourceOptions, WorkspaceEntity } from '@lib/persistence';

/** Creates a workspace (or reuses one by slug) and prints a new admin key for it, as JSON. */
export async function createWorkspace(db: DataSource, name: string, slug: string): Promise<{ workspaceId: string; adminKey: string }> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO workspace (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING', [name, slug]);
    const ws = await tx.getRepository(WorkspaceEntity).findOneByOrFail({ slug });
    const key = issueKey();
    await tx.getRepository(ApiKeyEntity).insert({ workspaceId: ws.id, name: 'bootstrap admin', role: 'admin', prefix: key.prefix, secretHash: key.secretHash });
    return { workspaceId: ws.id, adminKey: key.plaintext };
  });
}

if (require.main === module) {
  const [name = 'Demo workspace', slug = 'demo'] = process.argv.slice(2);
  const db = new DataSource(dataSourceOptions(loadEnv(DatabaseEnv).DATABASE_URL, 2));
  db.initialize()
    .then(() => createWorkspace(db, name, slug))
    .then((out) => console.log(JSON.stringify(out)))
    .finally(() => db.destroy())
    .catch((err: Error) => {
      console.error(`workspace:create failed: ${err.message}`);
      process.exit(1);
    });
}
