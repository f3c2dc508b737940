import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from './src/example/database.config';

/**
 * The TypeORM CLI's data source (`npm run migration:run`): the same database the example app
 * uses, chosen by DATABASE_URL (MySQL/MariaDB) or the embedded SQLite file.
 */
export default new DataSource({ ...databaseOptions(process.env), migrationsRun: false });
