import { LoggerService } from '@nestjs/common';

export interface LogLine {
  level: 'log' | 'warn' | 'error';
  message: string;
  context?: string;
}

/** A Nest logger that keeps what the app logs, with the context (the logger's name) of each line. */
export class CapturedLogger implements LoggerService {
  readonly lines: LogLine[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.keep('log', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.keep('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.keep('error', message, rest);
  }

  /** The lines of one level from one context, their messages only. */
  messages(level: LogLine['level'], context: string): string[] {
    return this.lines.filter((l) => l.level === level && l.context === context).map((l) => l.message);
  }

  private keep(level: LogLine['level'], message: unknown, rest: unknown[]): void {
    // Nest passes the context last (after a stack, for errors).
    const context = rest.at(-1);
    this.lines.push({ level, message: typeof message === 'string' ? message : JSON.stringify(message), context: typeof context === 'string' ? context : undefined });
  }
}
