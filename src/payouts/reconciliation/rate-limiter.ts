/** Spaces calls per key evenly: at most `perSecond` starts per second for each key, in this process. */
export class RateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly perSecond: number) {}

  async take(key: string): Promise<void> {
    if (!(this.perSecond > 0)) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, slot + 1000 / this.perSecond);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
