import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from './column-transformers';

/** Every gateway call made for a payout and what came of it, with personal data masked. */
@Entity('payout_attempts')
@Index('idx_payout_attempts_payout', ['payoutId'])
export class PayoutAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'payout_id', type: 'varchar', length: 36 })
  payoutId: string;

  /** submit or query. */
  @Column({ type: 'varchar', length: 16 })
  operation: string;

  /** accepted, refused, not_sent, unknown, found, not_found. */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus: number | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  request: unknown;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  response: unknown;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
