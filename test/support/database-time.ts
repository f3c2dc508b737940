import { DataSource } from 'typeorm';

/**
 * Lets `ms` pass on the database's clock for the payouts' leases and send times, which only the
 * database's clock reads: every lease lapses `ms` sooner and every send looks `ms` older. Tests
 * that poll "an hour later" (`pollOnce(new Date(Date.now() + HOUR))`) call this first.
 */
export async function passDatabaseTime(dataSource: DataSource, ms: number): Promise<void> {
  const sqlite = ['better-sqlite3', 'sqlite'].includes(dataSource.options.type);
  const shift = (column: string) =>
    sqlite
      ? `${column} = strftime('%Y-%m-%d %H:%M:%f', ${column}, '${(-ms / 1000).toFixed(3)} seconds')`
      : `${column} = TIMESTAMPADD(MICROSECOND, ${-Math.round(ms) * 1000}, ${column})`;
  await dataSource.query(`UPDATE payouts SET ${shift('lease_expires_at')}, ${shift('last_sent_at')}`);
}
