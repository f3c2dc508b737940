import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PAYOUTS_HTTP_SETTINGS } from '../payouts.constants';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsHttpSettings, PayoutsModuleOptions } from '../payouts.options';
import { ApiKeys } from './api-keys';
import { hasRole, PAYOUT_ROLES, PayoutPrincipal, PayoutRole, PRINCIPAL_PROPERTY, PrincipalRequest, REQUIRED_ROLES } from './principal';

const NO_AUTH =
  'The payouts REST endpoints are mounted without authentication: set apiKeys (or apiKey), principal or guards in the ' +
  "PayoutsModule options, or set http.allowUnauthenticated: true to open them on purpose (callbacks are always open: they are verified by signature)";

/**
 * Who is calling, then whether they may: an API key (x-api-key), else the host's `principal`
 * hook; then the host's own guards, which may set the principal themselves. Each endpoint names
 * the roles it accepts (`@Allow`); without a name only `admin` passes. Refuses to be built when
 * the REST endpoints would be open without `http.allowUnauthenticated`.
 */
@Injectable()
export class PayoutsApiGuard implements CanActivate {
  private readonly keys: ApiKeys;
  private readonly guardRoles: readonly PayoutRole[];

  constructor(
    @Inject(PAYOUTS_MODULE_OPTIONS) private readonly options: PayoutsModuleOptions,
    @Inject(PAYOUTS_HTTP_SETTINGS) private readonly settings: PayoutsHttpSettings,
    private readonly reflector: Reflector,
  ) {
    this.keys = new ApiKeys(options.apiKeys ?? [], options.apiKey);
    this.guardRoles = options.guardRoles ?? ['operator'];
    if (this.guardRoles.some((r) => !PAYOUT_ROLES.includes(r))) throw new Error(`Payouts option guardRoles must be some of ${PAYOUT_ROLES.join(', ')}`);
    const authenticated = this.keys.size > 0 || options.principal || options.guards?.length;
    if (settings.enabled && !authenticated && !settings.allowUnauthenticated) throw new Error(NO_AUTH);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PrincipalRequest>();
    const found = await this.authenticate(request);
    for (const guard of this.options.guards ?? []) {
      if (!(await guard.canActivate(context))) return false;
    }
    const principal = found ?? request[PRINCIPAL_PROPERTY] ?? this.fallback();
    request[PRINCIPAL_PROPERTY] = principal;
    const allowed = this.reflector.getAllAndOverride<PayoutRole[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    if (!hasRole(principal, allowed)) {
      throw new ForbiddenException(`${principal.id} may not do this: it needs the role ${[...allowed, 'admin'].join(' or ')}`);
    }
    return true;
  }

  /** The principal of the key or of the host's hook; undefined when host guards are left to decide. */
  private async authenticate(request: PrincipalRequest): Promise<PayoutPrincipal | undefined> {
    const header = request.headers['x-api-key'];
    const given = typeof header === 'string' ? header : '';
    if (given) {
      const principal = this.keys.find(given);
      if (!principal) throw new UnauthorizedException('The x-api-key header does not match a configured key');
      return principal;
    }
    if (this.options.principal) {
      const principal = await this.options.principal(request);
      if (!principal) throw new UnauthorizedException('Authentication is required');
      return checked(principal);
    }
    if (this.keys.size) throw new UnauthorizedException('A valid x-api-key header is required');
    return undefined;
  }

  /** A request host guards let through without naming a principal, or an open API on purpose. */
  private fallback(): PayoutPrincipal {
    if (this.options.guards?.length) return { id: 'host-guard', roles: this.guardRoles };
    if (this.settings.allowUnauthenticated) return { id: 'anonymous', roles: ['admin'] };
    throw new UnauthorizedException('Authentication is required');
  }
}

/** A host hook's principal, checked: a typo in a role must not grant or hide anything silently. */
function checked(principal: PayoutPrincipal): PayoutPrincipal {
  if (typeof principal.id !== 'string' || !principal.id || !Array.isArray(principal.roles) || principal.roles.some((r) => !PAYOUT_ROLES.includes(r))) {
    throw new Error(`The payouts principal hook returned ${JSON.stringify(principal)}: it needs an id and roles among ${PAYOUT_ROLES.join(', ')}`);
  }
  return principal;
}
