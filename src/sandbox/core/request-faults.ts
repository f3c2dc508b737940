import * as http from 'node:http';
import { centsOf } from './decimal';
import { resetConnection, sendSpringError, sendText } from './http-io';
import { LedgerOrder } from './ledger';
import { OrderDraft, OrderEngine } from './order-engine';

/** How a protocol answers a create once the shared flow has decided. */
export interface CreateAnswers {
  accepted(order: LedgerOrder): void;
  /** The protocol's documented refusal of a trade number it already has. */
  duplicate(): void;
  /** The protocol's documented error that does not say whether the order was placed. */
  ambiguous(): void;
  /**
   * The protocol's documented refusal for want of balance (nothing placed). A protocol without one
   * accepts the order anyway and its balance reads 0.
   */
  insufficient?(): void;
}

/** The `garbageAfterAccept` answer: the start of a success envelope, cut off. */
const GARBAGE_BODY = '{"code":"0000","msg":"success","data":{"tradeNo":"';

/**
 * The moment of acceptance, shared by every protocol: a reset or an ambiguous error before it
 * places nothing; a create held past the client's patience is placed late (or refused as a
 * duplicate if a resend got there first); a duplicate trade number is refused; after acceptance,
 * a timeout, 5xx, reset, the same ambiguous error or a garbled 200 leaves an accepted order the
 * client cannot see (the case that must never lead to paying twice).
 */
export async function admitCreate(engine: OrderEngine, res: http.ServerResponse, path: string, draft: OrderDraft, answers: CreateAnswers): Promise<void> {
  const { tradeNo } = draft;
  if (engine.fault('resetBeforeAccept', tradeNo)) return resetConnection(res);
  if (engine.fault('ambiguousBeforeAccept', tradeNo)) return answers.ambiguous();
  if (engine.fault('lateAccept', tradeNo)) await engine.timers.sleep(engine.dice.amount('lateAcceptMs', tradeNo));
  if (engine.ledger.order(tradeNo)) {
    engine.ledger.noteDuplicate(tradeNo);
    return answers.duplicate();
  }
  if (!engine.funds.take(centsOf(draft.amount) ?? 0)) {
    if (answers.insufficient) {
      engine.ledger.noteRefusedCreate();
      return answers.insufficient();
    }
    engine.funds.drain();
  }
  const order = engine.accept(draft);
  if (engine.fault('timeoutAfterAccept', tradeNo)) return holdOpen(engine, res, tradeNo);
  if (engine.fault('serverErrorAfterAccept', tradeNo)) return sendSpringError(res, engine.dice.amount('serverErrorStatus', tradeNo), path);
  if (engine.fault('resetAfterAccept', tradeNo)) return resetConnection(res);
  if (engine.fault('ambiguousAfterAccept', tradeNo)) return answers.ambiguous();
  if (engine.fault('garbageAfterAccept', tradeNo)) return sendText(res, 200, 'application/json', GARBAGE_BODY);
  answers.accepted(order);
}

/**
 * Query latency and faults, then the protocol's answer, which reads the ledger only then (and
 * applies `queryLag` through OrderEngine.queryMisses).
 */
export async function admitQuery(
  engine: OrderEngine,
  res: http.ServerResponse,
  path: string,
  tradeNo: string | undefined,
  answer: () => void,
): Promise<void> {
  await engine.queryDelay(tradeNo);
  if (engine.fault('queryReset', tradeNo)) return resetConnection(res);
  if (engine.fault('queryTimeout', tradeNo)) return holdOpen(engine, res, tradeNo);
  if (engine.fault('queryServerError', tradeNo)) return sendSpringError(res, engine.dice.amount('serverErrorStatus', tradeNo), path);
  answer();
}

/** Never answers: the socket stays open until the client gives up, `holdMs` passes, or the simulator closes. */
function holdOpen(engine: OrderEngine, res: http.ServerResponse, tradeNo: string | undefined): void {
  const holdMs = engine.dice.amount('holdMs', tradeNo);
  if (holdMs > 0) engine.timers.after(holdMs, () => res.socket?.destroy());
}
