import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The host's own table, beside the module's. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;
}
