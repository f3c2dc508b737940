import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPayoutsWebhook } from 'nestjs-payouts';

const PUBLIC = 'host:public';
/** Routes the host opens itself (its health probe). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The host's global guard: a bearer token on every route but its public ones and the gateways' callbacks. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPayoutsWebhook(context)) return true; // verified by the gateway's signature instead
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (request.headers.authorization === `Bearer ${process.env.HOST_TOKEN}`) return true;
    throw new UnauthorizedException('bearer token required');
  }
}
