import { PayoutEventDelivery, PayoutEventPublisher } from '../../src/payouts';

export interface Recorded {
  by: string;
  eventId: string;
  payoutId: string;
  to: string;
  names: string[];
}

/** A transport that records what it was given, and fails or stalls deliveries the test picks. */
export class RecordingPublisher implements PayoutEventPublisher {
  readonly target = 'a test recorder';
  readonly seen: Recorded[] = [];
  attempts = 0;
  fails: (delivery: PayoutEventDelivery) => boolean = () => false;

  constructor(private readonly by = 'app') {}

  /** The same record, labelled by another instance. */
  as(by: string): PayoutEventPublisher {
    return { target: this.target, publish: (delivery) => this.take(delivery, by) };
  }

  publish(delivery: PayoutEventDelivery): Promise<void> {
    return this.take(delivery, this.by);
  }

  private async take(delivery: PayoutEventDelivery, by: string): Promise<void> {
    this.attempts++;
    // A delivery takes a little while, as a real one does: overlapping rounds show up as duplicates.
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.fails(delivery)) throw new Error(`poisoned ${delivery.eventId}`);
    this.seen.push({ by, eventId: delivery.eventId, payoutId: delivery.payoutId, to: 'to' in delivery.payload ? delivery.payload.to : delivery.names[0], names: delivery.names });
  }

  /** The statuses delivered for one payout, in delivery order. */
  movesOf(payoutId: string): string[] {
    return this.seen.filter((s) => s.payoutId === payoutId).map((s) => s.to);
  }
}
