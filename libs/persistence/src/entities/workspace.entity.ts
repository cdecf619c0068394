import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('workspace')
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', unique: true }) slug!: string;
  /** Where the webhook channel adapter POSTs outbound messages (null: webhook channel off). */
  @Column({ name: 'webhook_url', type: 'text', nullable: true }) webhookUrl!: string | null;
  /** The brand's own accounts (e.g. its Weibo handle). The first is the one a follow names by default. */
  @Column({ name: 'brand_accounts', type: 'text', array: true, default: () => "'{}'" }) brandAccounts!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
