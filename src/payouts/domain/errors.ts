/** One problem with one field of a request, as the REST API lists them. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** Base of every error the module raises on purpose; the HTTP layer maps these to status codes. */
export abstract class PayoutsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is wrong: every problem is listed. Nothing was stored. */
export class PayoutValidationError extends PayoutsError {
  constructor(readonly details: FieldProblem[]) {
    super(`Invalid payout request: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`);
  }
}

/** The merchant reference is already used by a different request. */
export class PayoutConflictError extends PayoutsError {
  constructor(readonly merchantReference: string, readonly payoutId: string) {
    super(
      `merchantReference "${merchantReference}" is already used by payout ${payoutId} with a different request; ` +
        'use a new merchantReference for a new payout',
    );
  }
}

export class PayoutNotFoundError extends PayoutsError {
  constructor(readonly payoutId: string) {
    super(`Payout ${payoutId} does not exist`);
  }
}

export class UnknownChannelError extends PayoutsError {
  constructor(readonly channel: string, known: readonly string[]) {
    super(`Unknown payout channel "${channel}"; configured channels: ${known.join(', ') || '(none)'}`);
  }
}

/** A channel's configuration is wrong; raised at boot so the app never starts half-configured. */
export class ChannelConfigError extends PayoutsError {
  constructor(readonly channel: string, readonly field: string, problem: string) {
    super(`Payout channel "${channel}": ${field} ${problem}`);
  }
}

/** A gateway did not give a usable answer to a read (balance, bank list); the HTTP layer answers 502. */
export class GatewayUnavailableError extends PayoutsError {}

/** The channel's gateway does not offer this operation; the HTTP layer answers 501. */
export class NotSupportedByChannelError extends PayoutsError {}

/** An operator action the payout's state does not allow now (approve a sent payout, approve one's own); the HTTP layer answers 409. */
export class PayoutActionRefusedError extends PayoutsError {}

/** One row of a batch that cannot be stored, by its number (the first item, or the line after a CSV header, is row 1). */
export interface BatchRowProblem {
  row: number;
  merchantReference: string | null;
  problems: FieldProblem[];
}

/** Rows of a batch are invalid and the caller did not ask for the valid ones alone: nothing was stored. */
export class BatchValidationError extends PayoutsError {
  constructor(message: string, readonly rows: BatchRowProblem[]) {
    super(message);
  }
}

/** The batch reference is already used by a batch with other content. */
export class BatchConflictError extends PayoutsError {
  constructor(readonly batchReference: string, readonly batchId: string) {
    super(`batchReference "${batchReference}" is already used by batch ${batchId} with other content; use a new batchReference for a new batch`);
  }
}

/** A batch over the item or byte limit; the HTTP layer answers 413. */
export class BatchTooLargeError extends PayoutsError {}

export class BatchNotFoundError extends PayoutsError {
  constructor(readonly batchId: string) {
    super(`Payout batch ${batchId} does not exist`);
  }
}
