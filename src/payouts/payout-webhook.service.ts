import { Injectable, Logger } from '@nestjs/common';
import { UnknownChannelError } from './domain/errors';
import { maskPersonalData } from './domain/masking';
import { PayoutMetrics } from './observability/payout-metrics';
import { PayoutService } from './payout.service';
import { PayoutRepository } from './persistence/payout.repository';
import { CallbackInput } from './providers/payout-provider';
import { PayoutProviderRegistry } from './providers/provider-registry';

export interface WebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Headers worth keeping in the inbox; signatures are redacted by the masking rules. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'merchantid', 'merchantno', 'sign', 'x-forwarded-for'];

/**
 * Takes a gateway callback: verify → record in the inbox → find the payout by trade number →
 * check the amount → apply through the state machine → answer the gateway's exact acknowledgement.
 * A database error propagates (503): the callback is not acknowledged, so the gateway retries.
 */
@Injectable()
export class PayoutWebhookService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly registry: PayoutProviderRegistry,
    private readonly repo: PayoutRepository,
    private readonly payouts: PayoutService,
    private readonly metrics: PayoutMetrics,
  ) {}

  async receive(channel: string, headers: CallbackInput['headers'], rawBody: Buffer | undefined): Promise<WebhookAnswer> {
    // Unknown channels are refused before the database is touched.
    if (!this.registry.has(channel)) throw new UnknownChannelError(channel, []);
    if (!rawBody) {
      // Body parsers only keep the raw bytes of JSON bodies; every gateway here posts JSON.
      if (!String(headers['content-type'] ?? '').includes('json')) {
        return { status: 415, contentType: 'application/json', body: JSON.stringify({ statusCode: 415, message: 'callbacks must be application/json' }) };
      }
      throw new Error('The raw request body is missing: create the Nest app with { rawBody: true } so callbacks can be verified');
    }
    const provider = this.registry.get(channel);
    const parsed = provider.parseCallback({ headers, rawBody });
    const receivedAt = new Date();
    const keptHeaders = maskPersonalData(Object.fromEntries(KEPT_HEADERS.filter((h) => headers[h] !== undefined).map((h) => [h, headers[h]])));

    if (parsed.kind === 'rejected') {
      await this.repo.recordWebhook({
        channel, dedupeKey: null, tradeNo: null, headers: keptHeaders,
        body: parsed.maskedBody === undefined ? null : JSON.stringify(parsed.maskedBody),
        signatureOk: 0, outcome: 'rejected', detail: parsed.reason.slice(0, 255), receivedAt, processedAt: receivedAt,
      });
      this.metrics.callback(channel, parsed.httpStatus === 401 ? 'forged' : 'malformed');
      this.logger.warn(`Callback on ${channel} rejected: ${parsed.reason}`);
      return { status: parsed.httpStatus, contentType: 'application/json', body: JSON.stringify({ statusCode: parsed.httpStatus, message: parsed.reason }) };
    }

    const { report } = parsed;
    const inboxId = await this.repo.recordWebhook({
      channel, dedupeKey: parsed.dedupeKey, tradeNo: report.tradeNo, headers: keptHeaders,
      body: JSON.stringify(parsed.maskedBody), signatureOk: 1, outcome: null, detail: null, receivedAt, processedAt: null,
    });
    const payout = await this.repo.findByTradeNo(report.tradeNo);
    if (!payout || payout.channel !== channel) {
      // Verified but not ours (another system on the same merchant account): acknowledge, change nothing.
      await this.repo.finishWebhook(inboxId, 'not_ours', 'no payout with this trade number on this channel');
      this.metrics.callback(channel, 'not_ours');
      return provider.callbackAck;
    }
    const result = await this.payouts.applyReport(payout, report, 'callback');
    const outcome = result.kind === 'unchanged' ? 'duplicate' : result.kind;
    await this.repo.finishWebhook(inboxId, outcome, 'reason' in result ? result.reason.slice(0, 255) : `${payout.status} -> ${result.payout.status}`);
    this.metrics.callback(channel, outcome);
    return provider.callbackAck;
  }
}
