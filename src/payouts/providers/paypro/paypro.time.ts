/**
 * Paypro reports `successTime` as local time `yyyy-MM-dd HH:mm:ss` without a zone (seed 003:
 * "Transaction success time (local time)"), so each channel needs the country's UTC offset.
 * Defaults cover the Paypro/Vexora countries whose clocks have no daylight saving time.
 */
export const DEFAULT_UTC_OFFSETS: Readonly<Record<string, string>> = {
  IDR: '+07:00', // Jakarta (WIB)
  MXN: '-06:00', // Mexico City, no DST since 2022
  NGN: '+01:00',
  PKR: '+05:00',
  PHP: '+08:00',
  VND: '+07:00',
  KES: '+03:00',
  BRL: '-03:00', // Brasília, no DST since 2019
  KRW: '+09:00',
  INR: '+05:30',
  MMK: '+06:30',
  THB: '+07:00',
  BDT: '+06:00',
};
