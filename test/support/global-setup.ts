import { serverDatabaseUrl } from '../../src/example/server-database-url';

/**
 * Once per run, before any suite: DATABASE_URL with the scheme of the server it leads to, so
 * every suite (and every app process a suite starts) runs MariaDB under TypeORM's `mariadb`
 * driver even when given mysql:// (as `.ci/run` does), and MySQL 8 under `mysql`.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) process.env.DATABASE_URL = await serverDatabaseUrl(process.env.DATABASE_URL);
}
