import { PayoutPrincipal } from '../auth/principal';

/** One line of the audit trail, as the action that writes it describes it. */
export interface AuditEntry {
  payoutId: string | null;
  /** create, approve, reject, cancel, acknowledge, refresh, expire. */
  action: string;
  /** The principal's id (a key's id, never the key). */
  principalId: string;
  /** The caller's address, as the HTTP adapter saw it. */
  address: string | null;
  note: string | null;
}

/** Who acts, from where, and why: what an operator action is audited with. */
export interface ActionContext {
  principal: PayoutPrincipal;
  address?: string | null;
  note?: string | null;
}
