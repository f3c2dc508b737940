import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { OnPayoutEvent, PayoutStatusChangedEvent } from 'nestjs-payouts';

/** What a host's ledger would do with payout events: here, remember them. */
@Injectable()
export class PayoutEventsLog {
  readonly succeeded: string[] = [];
  readonly changed: string[] = [];

  @OnPayoutEvent('payout.succeeded')
  async onSucceeded(event: PayoutStatusChangedEvent) {
    this.succeeded.push(event.payoutId);
  }

  // EventEmitter2 swallows listener errors unless told not to; the module refuses to boot otherwise.
  @OnEvent('payout.status_changed', { suppressErrors: false })
  onChanged(event: PayoutStatusChangedEvent) {
    this.changed.push(`${event.payoutId}:${event.to}`);
  }
}
