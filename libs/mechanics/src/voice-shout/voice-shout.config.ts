import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { VoiceRulesConfig } from '@lib/audio';
import { IsInstant, IsLaterThan } from '../shared/instant-rules';

/** Config of a voice-shout contest node: the loudest fair shout wins. */
export class VoiceShoutConfig {
  /** Entries (voice_entry events) count from here… */
  @IsInstant() opensAt!: string;
  /** …until here; the close phase then picks the winners. */
  @IsInstant() @IsLaterThan('opensAt', (o) => (o as VoiceShoutConfig).opensAt) closesAt!: string;

  @IsInt() @Min(1) @Max(1000) winners: number = 3;

  /** Prizes for the winners come from this pool of the campaign's ledger. */
  @IsOptional() @IsUUID() prizePoolId?: string;

  /** Fairness rules (duration, clipping, silence, duplicates, entries per person); defaults apply. */
  @ValidateNested() @Type(() => VoiceRulesConfig) rules: VoiceRulesConfig = new VoiceRulesConfig();
}
