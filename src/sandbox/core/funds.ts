/**
 * The merchant's available balance at a simulated gateway, in cents: an accepted order draws on
 * it, a failed, cancelled or returned one gives its amount back. Fees are not drawn (the
 * simulators report them, the docs do not say whether a gateway takes them from the balance).
 */
export class SandboxFunds {
  private cents: number;

  constructor(private readonly initialCents: number) {
    this.cents = initialCents;
  }

  get availableCents(): number {
    return this.cents;
  }

  /** Draws an order's amount; false, drawing nothing, when the balance does not cover it. */
  take(cents: number): boolean {
    if (cents > this.cents) return false;
    this.cents -= cents;
    return true;
  }

  /** Draws what is left: for a protocol with no documented "not enough balance" answer, which accepts the order anyway. */
  drain(): void {
    this.cents = 0;
  }

  give(cents: number): void {
    this.cents += cents;
  }

  set(cents: number): void {
    this.cents = cents;
  }

  reset(): void {
    this.cents = this.initialCents;
  }
}
