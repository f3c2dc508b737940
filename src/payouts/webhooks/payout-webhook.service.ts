import { Injectable, Logger } from '@nestjs/common';
import { UnknownChannelError } from '../domain/errors';
import { isFinal, PayoutStatus } from '../domain/payout-status';
import { maskPersonalData } from '../domain/masking';
import { PayoutMetrics } from '../observability/payout-metrics';
import { PayoutReconciler } from '../lifecycle/payout-reconciler.service';
import { PayoutStateService } from '../lifecycle/payout-state.service';
import { PayoutRepository } from '../persistence/payout.repository';
import { PayoutEntity } from '../persistence/payout.entity';
import { CallbackAck, CallbackInput, CallbackProblem, StatusReport } from '../providers/payout-provider';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { RejectedCallbackLimiter, rejectedBodyExcerpt } from './rejected-callbacks';

/**
 * What became of one callback, in the module's terms; the endpoint turns it into HTTP.
 * - acknowledged: taken (applied, a duplicate, or not ours): answer the gateway's own `ack`;
 * - rejected: forged or malformed (nothing applied), or not JSON at all (`unsupported_media`);
 * - retry_later: taken but not acknowledged, so that the gateway delivers it again (the bad news
 *   on a settled payout that a status query does not confirm yet).
 */
export type WebhookResult =
  | { kind: 'acknowledged'; ack: CallbackAck }
  | { kind: 'rejected'; problem: CallbackProblem | 'unsupported_media'; reason: string }
  | { kind: 'retry_later'; reason: string };

/** Headers worth keeping in the inbox; signatures are redacted by the masking rules. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'merchantid', 'merchantno', 'sign', 'x-forwarded-for'];

/**
 * Takes a gateway callback: verify → find the payout by trade number → check the amount →
 * apply through the state machine → record in the inbox with its outcome → the gateway's exact
 * acknowledgement.
 * Says what happened (WebhookResult) and leaves HTTP to the controller. A database error
 * propagates: the callback is not acknowledged, so the gateway retries.
 */
@Injectable()
export class PayoutWebhookService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly registry: PayoutProviderRegistry,
    private readonly repo: PayoutRepository,
    private readonly state: PayoutStateService,
    private readonly reconciler: PayoutReconciler,
    private readonly metrics: PayoutMetrics,
    private readonly rejectedLimiter: RejectedCallbackLimiter,
  ) {}

  async receive(channel: string, headers: CallbackInput['headers'], rawBody: Buffer | undefined): Promise<WebhookResult> {
    // Unknown channels are refused before the database is touched.
    if (!this.registry.has(channel)) throw new UnknownChannelError(channel, []);
    if (!rawBody) {
      // Body parsers only keep the raw bytes of JSON bodies; every gateway here posts JSON.
      if (!String(headers['content-type'] ?? '').includes('json')) {
        return { kind: 'rejected', problem: 'unsupported_media', reason: 'callbacks must be application/json' };
      }
      throw new Error('The raw request body is missing: create the Nest app with { rawBody: true } so callbacks can be verified');
    }
    const provider = this.registry.get(channel);
    const parsed = provider.parseCallback({ headers, rawBody });
    const receivedAt = new Date();
    const keptHeaders = maskPersonalData(Object.fromEntries(KEPT_HEADERS.filter((h) => headers[h] !== undefined).map((h) => [h, headers[h]])));

    if (parsed.kind === 'rejected') {
      // Anyone can post here: past the channel's limit a refused callback is answered and counted only.
      const admission = this.rejectedLimiter.admit(channel, receivedAt.getTime());
      if (admission === 'store') {
        await this.repo.recordWebhook({
          channel, tradeNo: null, headers: keptHeaders, body: rejectedBodyExcerpt(parsed.maskedBody),
          signatureOk: 0, outcome: 'rejected', detail: parsed.reason.slice(0, 255), receivedAt, processedAt: receivedAt,
        });
      }
      this.metrics.callback(channel, parsed.problem);
      if (admission !== 'dropped') {
        const { maxStored, windowMs } = this.rejectedLimiter.limits;
        const limited = admission === 'first_dropped' ? `; not stored: over ${maxStored} rejected in ${windowMs} ms, the next ones are only counted` : '';
        this.logger.warn(`Callback on ${channel} rejected: ${parsed.reason}${limited}`);
      }
      return { kind: 'rejected', problem: parsed.problem, reason: parsed.reason };
    }

    const { report } = parsed;
    // The delivery goes into the inbox once, with what became of it, after it was applied: one
    // commit fewer than a row written first and finished later. A crash in between leaves the
    // gateway unacknowledged, so it delivers again and that delivery is recorded (a duplicate).
    const body = JSON.stringify(parsed.maskedBody);
    const record = (outcome: string, detail: string) =>
      this.repo.recordWebhook({
        channel, tradeNo: report.tradeNo, headers: keptHeaders, body, signatureOk: 1, outcome, detail: detail.slice(0, 255), receivedAt, processedAt: new Date(),
      });
    const payout = await this.repo.findByTradeNo(report.tradeNo);
    if (!payout || payout.channel !== channel) {
      // Verified but not ours (another system on the same merchant account): acknowledge, change nothing.
      await record('not_ours', 'no payout with this trade number on this channel');
      this.metrics.callback(channel, 'not_ours');
      return { kind: 'acknowledged', ack: provider.callbackAck };
    }
    if (isUnconfirmedBadNews(payout, report)) {
      // Believed only once a status query says the same (PayoutReconciler.confirmByQuery).
      const checked = await this.reconciler.confirmByQuery(payout);
      const confirmed = BAD_NEWS.includes(checked.status);
      const outcome = confirmed ? 'confirmed' : 'unconfirmed';
      await record(outcome, `callback said ${report.rawStatus}; after a status query: ${payout.status} -> ${checked.status}`);
      this.metrics.callback(channel, outcome);
      // An open payout is polled at once, so the news is not lost. A settled one is never polled
      // (a return after a success): only the gateway's redelivery can bring that news again.
      if (confirmed || !isFinal(checked.status)) return { kind: 'acknowledged', ack: provider.callbackAck };
      return { kind: 'retry_later', reason: `not confirmed by a status query yet (the gateway says ${checked.status}): deliver it again later` };
    }
    const result = await this.state.applyReport(payout, report, 'callback');
    const outcome = result.kind === 'unchanged' ? 'duplicate' : result.kind;
    await record(outcome, 'reason' in result ? result.reason : `${payout.status} -> ${result.payout.status}`);
    this.metrics.callback(channel, outcome);
    return { kind: 'acknowledged', ack: provider.callbackAck };
  }
}

const BAD_NEWS: readonly PayoutStatus[] = [PayoutStatus.FAILED, PayoutStatus.CANCELLED, PayoutStatus.REVERSED];

/**
 * A callback that would end a payout badly (FAILED, CANCELLED, or a return after SUCCEEDED),
 * with the amount it was for: one whose amount differs is flagged by applyReport instead. A
 * payout that already ended badly cannot move, so its callbacks need no query.
 */
function isUnconfirmedBadNews(payout: PayoutEntity, report: StatusReport): boolean {
  if (!BAD_NEWS.includes(report.status) || BAD_NEWS.includes(payout.status)) return false;
  return report.amountMinor === undefined || report.amountMinor === payout.amount;
}
