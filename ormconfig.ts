import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { serverDatabaseOptions } from './src/example/database.config';

/**
 * The TypeORM CLI's data source (`npm run migration:run`): the same database the example app
 * uses, chosen by DATABASE_URL (MySQL/MariaDB) or the embedded SQLite file, with the driver its
 * server needs (the CLI awaits an exported promise).
 */
export default serverDatabaseOptions(process.env).then((options) => new DataSource({ ...options, migrationsRun: false }));
