import { Bank } from '../payout-provider';

/**
 * Cashy's Peru payout bank list (bankId → name) from the Peru appendix. Ids 15 and 16 are not
 * listed there, so they are refused. Cashy advises checking /api/bankListQuery before going live.
 */
export const PERU_BANKS: readonly Bank[] = [
  { code: '1', name: 'BBVA Continental' },
  { code: '2', name: 'Interbank' },
  { code: '3', name: 'BCP Banco de Crédito de Perú' },
  { code: '4', name: 'Scotiabank' },
  { code: '5', name: 'Banco Falabella' },
  { code: '6', name: 'BanBif' },
  { code: '7', name: 'Banco Santander' },
  { code: '8', name: 'Mi Banco' },
  { code: '9', name: 'Banco de Comercio' },
  { code: '10', name: 'Banco Financiero' },
  { code: '11', name: 'Banco GNB' },
  { code: '12', name: 'Citibank' },
  { code: '13', name: 'Banco de la Nacion' },
  { code: '14', name: 'CMAC Trujillo' },
  { code: '17', name: 'CMAC Sullana' },
  { code: '18', name: 'CMAC Cusco' },
  { code: '19', name: 'CMAC Huancayo' },
  { code: '20', name: 'Caja Metropolitana' },
  { code: '21', name: 'Banco Pichincha' },
  { code: '22', name: 'Banco Azteca' },
  { code: '23', name: 'Banco Cencosud' },
  { code: '24', name: 'ICBC PERU BANK' },
  { code: '25', name: 'Caja Maynas' },
  { code: '26', name: 'Caja Municipal Ica' },
  { code: '27', name: 'Caja Tacna' },
  { code: '28', name: 'Banco Ripley' },
];

/** The four banks with their own account-number formats; every other bank needs the 20-digit CCI. */
export const BBVA_BANK_ID = '1';
export const INTERBANK_BANK_ID = '2';
export const BCP_BANK_ID = '3';
export const SCOTIABANK_BANK_ID = '4';

export function isPeruBankId(code: string): boolean {
  return PERU_BANKS.some((b) => b.code === code);
}
