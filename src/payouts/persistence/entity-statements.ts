import { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, UpdateValuesMissingError } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** What a write statement did: the rows it changed. */
export interface WriteResult {
  affected: number;
}

/** A value computed by the database (its clock), written into the statement in place of a parameter. */
export class SqlValue {
  constructor(readonly sql: string) {}
}

/**
 * The hot statements of one entity, written once per shape (which columns are set, which are
 * matched) and kept, with values converted by the driver exactly as TypeORM's query builders
 * convert them (column transformers, dates, booleans). Building a query with a query builder
 * costs more CPU per call than sending it (docs/benchmarks.md).
 */
export class EntityStatements<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly columns: Map<string, ColumnMetadata>;
  private readonly sql = new Map<string, string>();
  /** The table's name as statements write it. */
  readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.columns = new Map(this.metadata.columns.map((c) => [c.propertyName, c]));
    this.table = this.escape(this.metadata.tableName);
  }

  /**
   * INSERT of rows that all set the same properties. Properties left undefined are not written,
   * so the database fills them (a generated key, a default), as TypeORM's DEFAULT does.
   */
  async insert(m: EntityManager, rows: Partial<T>[]): Promise<WriteResult> {
    const properties = definedKeys(rows[0]);
    const sql = this.cached(`i${rows.length}:${properties.map((p) => `${p}=${placeholder(rows[0][p])}`).join()}`, () => {
      const values = `(${properties.map((p) => placeholder(rows[0][p])).join(', ')})`;
      return `INSERT INTO ${this.table} (${properties.map((p) => this.name(p)).join(', ')}) VALUES ${Array(rows.length).fill(values).join(', ')}`;
    });
    return this.run(m, sql, rows.flatMap((row) => this.values(row, properties)));
  }

  /**
   * UPDATE … SET each defined property of `set` … WHERE each property of `match` equals its
   * value (both converted as the column converts them). Undefined properties are skipped and
   * nothing to set is an error, as in TypeORM.
   */
  async update(m: EntityManager, set: Partial<T>, match: Partial<T>): Promise<WriteResult> {
    const setKeys = definedKeys(set);
    if (!setKeys.length) throw new UpdateValuesMissingError();
    const matchKeys = Object.keys(match);
    const sql = this.cached(`u:${setKeys.map((p) => `${p}=${placeholder(set[p])}`).join()}:${matchKeys.join()}`, () => {
      const assignments = setKeys.map((p) => `${this.name(p)} = ${placeholder(set[p])}`).join(', ');
      return `UPDATE ${this.table} SET ${assignments} WHERE ${matchKeys.map((p) => `${this.name(p)} = ?`).join(' AND ')}`;
    });
    return this.run(m, sql, [...this.values(set, setKeys), ...this.values(match, matchKeys)]);
  }

  /** The entity whose `property` equals `value`, loaded as TypeORM's find would load it. */
  async findOne(m: EntityManager, property: string, value: unknown): Promise<T | null> {
    const sql = this.cached(`f:${property}`, () => `${this.selectAll()} WHERE ${this.name(property)} = ? LIMIT 1`);
    const rows = (await m.query(sql, [value])) as Record<string, unknown>[];
    return rows.length ? this.hydrate(rows[0]) : null;
  }

  /** A write statement of the caller's own, with the rows it changed. */
  async run(m: EntityManager, sql: string, params: unknown[]): Promise<WriteResult> {
    const runner = m.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, params, true);
      return { affected: result.affected ?? 0 };
    } finally {
      if (!m.queryRunner) await runner.release();
    }
  }

  private values(row: Partial<T>, properties: readonly string[]): unknown[] {
    return properties.filter((p) => !((row[p] as unknown) instanceof SqlValue)).map((p) => this.dataSource.driver.preparePersistentValue(row[p], this.column(p)));
  }

  /** The column's name as the statement writes it. */
  name(property: string): string {
    return this.escape(this.column(property).databaseName);
  }

  private hydrate(raw: Record<string, unknown>): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of this.metadata.columns) {
      const value = raw[column.databaseName];
      if (value !== undefined) column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(value, column));
    }
    return entity;
  }

  private selectAll(): string {
    return `SELECT ${this.metadata.columns.map((c) => this.escape(c.databaseName)).join(', ')} FROM ${this.table}`;
  }

  private cached(key: string, build: () => string): string {
    let sql = this.sql.get(key);
    if (sql === undefined) this.sql.set(key, (sql = build()));
    return sql;
  }

  private column(property: string): ColumnMetadata {
    const column = this.columns.get(property);
    if (!column) throw new Error(`${this.metadata.name} has no column for "${property}"`);
    return column;
  }

  private escape(name: string): string {
    return this.dataSource.driver.escape(name);
  }
}

function placeholder(value: unknown): string {
  return value instanceof SqlValue ? value.sql : '?';
}

function definedKeys(row: object): string[] {
  return Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
}
