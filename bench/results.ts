import { BatchMeasured } from './batch-scenario';
import { Growth } from './growth-scenario';
import { Machine } from './machine';
import { Measured } from './measure';
import { Reconciled } from './reconcile-scenario';
import { ScaleOut } from './scale-out-scenario';

/** A run compared with its floor. */
export interface AgainstFloor extends Measured {
  floorRate: number;
  floorP99: number;
  /** rate / floor rate */
  ratio: number;
  /** p99 / floor p99 */
  p99Ratio: number;
}

/** bench/results/latest.json */
export interface BenchResults {
  date: string;
  mode: 'full' | 'quick';
  machine: Machine;
  connections: number;
  create?: { durationS: number; floor: Measured; express: AgainstFloor; fastify: AgainstFloor; sqliteExpress: Measured };
  /** `app` is on express (as `npm start`). */
  callbacks?: { durationS: number; floor: Measured; app: AgainstFloor; fastify: AgainstFloor; sqlite: Measured };
  reconcile?: { floor: Reconciled; mariadb: Reconciled & { ratio: number }; sqlite: Reconciled };
  /** Two instances draining one database together. */
  scaleOut?: ScaleOut;
  growth?: Growth;
  /** Rows/s accepted and sent; the sends against the reconcile floor (drainRate / floorRate). */
  batch?: { mariadb: BatchMeasured & { floorRate: number; ratio: number }; sqlite: BatchMeasured };
  targets: Target[];
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  met: boolean;
}
