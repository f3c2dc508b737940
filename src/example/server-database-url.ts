import type { RowDataPacket } from 'mysql2';

/**
 * The URL with the scheme of the server it leads to: mariadb:// for MariaDB, else as given.
 * In a file of its own because jest's global setup calls it before any suite, without the module.
 */
export async function serverDatabaseUrl(url: string): Promise<string> {
  if (new URL(url).protocol !== 'mysql:') return url;
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection(url);
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version');
    return /mariadb/i.test(String(rows[0].version)) ? url.replace(/^mysql:/, 'mariadb:') : url;
  } finally {
    await connection.end();
  }
}
