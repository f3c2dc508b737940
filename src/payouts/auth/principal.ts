import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/**
 * What a caller may do. `viewer` reads (names masked); `operator` creates, cancels, refreshes and
 * acknowledges; `approver` approves and rejects; `admin` does everything and reads names unmasked.
 */
export type PayoutRole = 'viewer' | 'operator' | 'approver' | 'admin';
export const PAYOUT_ROLES: readonly PayoutRole[] = ['viewer', 'operator', 'approver', 'admin'];

/** Who is calling: an id for the audit trail (never a key) and what they may do. */
export interface PayoutPrincipal {
  id: string;
  roles: readonly PayoutRole[];
}

/** The request property a host guard may set, and where the module keeps the caller. */
export const PRINCIPAL_PROPERTY = 'payoutsPrincipal';

/** A request as the module reads it, on express and fastify alike. */
export interface PrincipalRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  [PRINCIPAL_PROPERTY]?: PayoutPrincipal;
}

export const REQUIRED_ROLES = 'payouts:roles';

/** The roles an endpoint accepts; `admin` is always accepted. */
export const Allow = (...roles: PayoutRole[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Every role may read. */
export const READERS: PayoutRole[] = ['viewer', 'operator', 'approver'];

export function hasRole(principal: PayoutPrincipal, allowed: readonly PayoutRole[]): boolean {
  return principal.roles.includes('admin') || principal.roles.some((role) => allowed.includes(role));
}

/** Names and contact details in clear only for admins. */
export function seesNames(principal: PayoutPrincipal | undefined): boolean {
  return principal?.roles.includes('admin') ?? false;
}

/** The caller of a REST endpoint, as PayoutsApiGuard found it. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<PrincipalRequest>()[PRINCIPAL_PROPERTY]);
