/**
 * Outer `code` values. "0000" and "5000" are documented; the other error codes are the simulator's
 * own choice, because the vendors do not publish theirs for these cases (see src/sandbox/README.md).
 */
export const PAYPRO_OUTER = {
  OK: '0000',
  /** "System operation exception; contact the provider" (South Korea error page, docs/gateways.md 1.5): placed or not, it does not say. */
  SYSTEM_ERROR: '5000',
  SIGN_ERROR: '1001',
  MERCHANT_ERROR: '1002',
  PARAM_ERROR: '1003',
  /** Default only: configurable with `notFoundCode`. */
  ORDER_NOT_FOUND: '1004',
  DUPLICATE_TRADE_NO: '1005',
} as const;

/** `data.status` values (docs/gateways.md 1.4): 0000 success, 0015 processing, anything else failure. */
export const PAYPRO_STATUS = { SUCCESS: '0000', PROCESSING: '0015', PARTIAL: '0001' } as const;

/** Failure statuses with published meanings (Mexico error code page, docs/gateways.md 1.5). */
export const PAYPRO_FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  '00029': 'REJECTED_TRANSACTION',
  '00032': 'UNKNOWN_ERROR',
  '0100019': 'PAYEE_DAILY_CUMULATIVE_AMT_REACHED',
};
