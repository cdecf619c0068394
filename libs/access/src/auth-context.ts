import { ApiKeyRole } from '@lib/persistence';

/** Who is calling: every query below the controller is scoped by this workspace. */
export interface AuthContext {
  workspaceId: string;
  apiKeyId: string;
  role: ApiKeyRole;
}
