import { DataSource } from 'typeorm';
import { ApiKeyEntity, WorkspaceEntity } from '@lib/persistence';
import { issueKey } from './api-key-secret';

/** Creates a workspace (or reuses one by slug) and issues a new admin key for it. */
export async function provisionWorkspace(db: DataSource, name: string, slug: string): Promise<{ workspaceId: string; adminKey: string }> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO workspace (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING', [name, slug]);
    const ws = await tx.getRepository(WorkspaceEntity).findOneByOrFail({ slug });
    const key = issueKey();
    await tx.getRepository(ApiKeyEntity).insert({ workspaceId: ws.id, name: 'bootstrap admin', role: 'admin', prefix: key.prefix, secretHash: key.secretHash });
    return { workspaceId: ws.id, adminKey: key.plaintext };
  });
}
