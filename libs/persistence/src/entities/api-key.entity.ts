import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const API_KEY_ROLES = ['admin', 'marketer', 'staff', 'viewer', 'ingest'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) role!: ApiKeyRole;
  /** Public lookup part of the key; the secret part is only stored as a SHA-256 hash. */
  @Column({ type: 'text', unique: true }) prefix!: string;
  @Column({ name: 'secret_hash', type: 'text' }) secretHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  /** After this instant the key is refused (AUTH.KEY_EXPIRED); null = never expires. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
}
