/**
 * A valid POST /payouts body for each sandbox channel; the name drives the simulator's outcome
 * (FAIL, CANCEL, HOLD, else success). Example data only: nothing real is paid.
 */
export function sandboxRequest(channel: string, merchantReference: string, name = 'Budi Santoso'): Record<string, unknown> {
  switch (channel) {
    case 'paypro-mex':
      return {
        merchantReference, channel, amount: '200', currency: 'MXN',
        beneficiary: { name, accountNumber: '646180157000000004', accountType: 'clabe', bankCode: 'BANXICO', phone: '5512345678', email: 'juan@example.com' },
      };
    case 'cashy-per':
      return {
        merchantReference, channel, amount: '150.00', currency: 'PEN',
        beneficiary: {
          name, accountNumber: '00219400254640654321', accountType: 'savings', bankCode: '5', cci: '00219400254640654321',
          idType: 'DNI', idNumber: '12345678', phone: '987654321', email: 'juan@example.com',
        },
      };
    default:
      return {
        merchantReference, channel, amount: '150000', currency: 'IDR',
        beneficiary: { name, accountNumber: '1234567890', bankCode: '0001', phone: '081234567890', email: 'budi@example.com' },
      };
  }
}

export const SANDBOX_CHANNEL_CODES = ['paypro-idn', 'paypro-mex', 'vexora-idn', 'cashy-per'] as const;
