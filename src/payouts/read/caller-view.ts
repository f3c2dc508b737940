import { PayoutPrincipal, seesNames } from '../auth/principal';
import { maskName, maskNames, maskNamesInText } from '../domain/masking';
import { PayoutHistoryView } from './payout-overview.view';
import { PayoutView } from './payout.view';

/**
 * What one caller may see of a payout: account numbers are always masked to their last 4;
 * beneficiary names only admins see in clear.
 */
export function payoutFor(caller: PayoutPrincipal | undefined, view: PayoutView): PayoutView {
  if (seesNames(caller)) return view;
  return { ...view, beneficiary: { ...view.beneficiary, name: maskName(view.beneficiary.name) } };
}

/** A payout's history for one caller: names masked in the payout, the gateway calls and the callbacks. */
export function historyFor(caller: PayoutPrincipal | undefined, history: PayoutHistoryView): PayoutHistoryView {
  if (seesNames(caller)) return history;
  return {
    ...history,
    payout: payoutFor(caller, history.payout),
    attempts: history.attempts.map((a) => ({ ...a, request: maskNames(a.request), response: maskNames(a.response) })),
    callbacks: history.callbacks.map((c) => ({ ...c, body: c.body === null ? null : maskNamesInText(c.body) })),
  };
}
