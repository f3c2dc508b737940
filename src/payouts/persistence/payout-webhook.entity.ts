import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from './column-transformers';

/** The inbox: every callback delivery, recorded before it is applied. */
@Entity('payout_webhooks')
@Index('idx_payout_webhooks_trade', ['tradeNo'])
export class PayoutWebhookEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  channel: string;

  @Column({ name: 'trade_no', type: 'varchar', length: 64, nullable: true })
  tradeNo: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  headers: Record<string, unknown> | null;

  /** The body with personal data masked and signatures redacted. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'signature_ok', type: 'smallint' })
  signatureOk: number;

  /** applied, duplicate, ignored, not_ours, rejected, amount_mismatch. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  detail: string | null;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3, nullable: true })
  processedAt: Date | null;
}
