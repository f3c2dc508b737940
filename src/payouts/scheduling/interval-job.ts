import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A round of work run every `intervalMs` through @nestjs/schedule's registry (so the host sees
 * and can stop it by name). Rounds never overlap: a tick while one runs does nothing. A round's
 * error goes to `onError`, since the registry would only log it.
 */
export class IntervalJob {
  private running: Promise<number> | null = null;

  constructor(
    private readonly scheduler: SchedulerRegistry | undefined,
    readonly name: string,
    private readonly round: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    if (!this.scheduler) throw new Error(`PayoutsModule's ${this.name} job needs @nestjs/schedule: import ScheduleModule.forRoot() in your AppModule`);
    this.scheduler.addInterval(this.name, setInterval(() => void this.tick(), intervalMs));
  }

  /** One round, unless one is still running. Returns what the round counted (0 on error). */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = this.round().finally(() => (this.running = null));
    try {
      return await this.running;
    } catch (error) {
      this.onError(error);
      return 0;
    }
  }

  /** Stops the interval and waits for the round in flight. */
  async stop(): Promise<void> {
    if (this.scheduler?.doesExist('interval', this.name)) this.scheduler.deleteInterval(this.name);
    await this.running?.catch(() => undefined);
  }
}
