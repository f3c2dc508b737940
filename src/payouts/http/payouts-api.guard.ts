import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsModuleOptions } from '../payouts.options';

/** Guards the REST endpoints: the API key when configured, then the host's own guards. */
@Injectable()
export class PayoutsApiGuard implements CanActivate {
  private readonly apiKey?: Buffer;

  constructor(@Inject(PAYOUTS_MODULE_OPTIONS) private readonly options: PayoutsModuleOptions) {
    this.apiKey = options.apiKey ? Buffer.from(options.apiKey) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.apiKey) {
      const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-api-key'];
      const given = Buffer.from(typeof header === 'string' ? header : '');
      if (given.length !== this.apiKey.length || !timingSafeEqual(given, this.apiKey)) {
        throw new UnauthorizedException('A valid x-api-key header is required');
      }
    }
    for (const guard of this.options.guards ?? []) {
      if (!(await guard.canActivate(context))) return false;
    }
    return true;
  }
}
