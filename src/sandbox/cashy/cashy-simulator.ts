import * as http from 'node:http';
import { parseJsonObject, sendJson, sendSpringError, sendText } from '../core/http-io';
import { parseUtcOffset } from '../core/local-time';
import { OrderEngine } from '../core/order-engine';
import { admitCreate, admitQuery } from '../core/request-faults';
import { centsOf, centsToText } from '../core/decimal';
import { ProtocolRoutes, SimulatorHandle, SimulatorOptions, engineOptions, startSimulatorServer } from '../core/simulator-server';
import { CashyBehaviourSettings, cashyBehaviour, cashyStatusOf } from './cashy-behaviour';
import { JsonDecimal, toJavaJson } from './cashy-json';
import { PERU_BANKS, peruAmount, peruPayoutProblem } from './cashy-peru-rules';
import { cashySignMatches } from './cashy-signature';

export const CASHY_PATHS = {
  payout: '/api/payOut',
  query: '/api/payOutQuery',
  balance: '/api/getBalance',
  banks: '/api/bankListQuery',
} as const;

/** The `code` of every refusal: the docs publish the msg keys but no numbers, so this one is the simulator's. */
export const CASHY_ERROR_CODE = 400;
/** The `code` that goes with System_error (the simulator's choice, like CASHY_ERROR_CODE). */
export const CASHY_SYSTEM_ERROR_CODE = 500;

const CASHY_DEFAULT_BALANCE = '100000.00';

export interface CashySimulatorOptions extends SimulatorOptions {
  /** The expected MerchantId header (an int, e.g. "100001"). */
  merchantId: string;
  apiKey: string;
  /** Fee of a paid order, written verbatim as a JSON decimal. Default "1.00". */
  fee?: string;
  /** msg for a payOutQuery of an unknown order (undocumented). Default "Order_not_exist". */
  notFoundMsg?: string;
  /** msg for a payOut that repeats a mchOrderNo (undocumented). Default "Params_mchOrderNo_error". */
  duplicateMsg?: string;
  /**
   * Balance figures as decimal strings. Default 100000.00 available, 0.00 unsettled. The available
   * figure is live: accepted orders draw on it (a payOut it does not cover is refused with
   * MERCHANT_BALANCE_NOT_ENOUGH), failed, cancelled and returned ones give it back.
   */
  balance?: { balance?: string; unBalance?: string };
}

/** Starts a Cashy (Peru) simulator. */
export async function startCashySimulator(options: CashySimulatorOptions): Promise<SimulatorHandle> {
  const offsetText = options.utcOffset ?? '-05:00';
  const utcOffsetMinutes = parseUtcOffset(offsetText);
  if (utcOffsetMinutes === undefined) throw new Error(`utcOffset must look like "-05:00", got ${offsetText}`);
  if (!/^\d+$/.test(options.merchantId)) throw new Error(`Cashy merchantId must be an integer, got ${options.merchantId}`);
  const fee = options.fee ?? '1.00';
  // These go into JSON verbatim, so they must be plain decimals.
  for (const [name, value] of Object.entries({ fee, ...options.balance })) {
    if (value !== undefined && !/^\d+(\.\d+)?$/.test(value)) throw new Error(`${name} must be a decimal string such as "1.00", got ${value}`);
  }
  const engineConfig = engineOptions(options, centsOf(options.balance?.balance ?? CASHY_DEFAULT_BALANCE) as number);
  const settings: CashyBehaviourSettings = {
    merchantId: options.merchantId,
    apiKey: options.apiKey,
    fee,
    utcOffsetMinutes,
    completeAfterMs: engineConfig.completeAfterMs,
  };
  const engine = new OrderEngine(cashyBehaviour(settings), engineConfig);
  return startSimulatorServer(engine, cashyRoutes(engine, options, settings), options);
}

type Operation = keyof typeof CASHY_PATHS;

function cashyRoutes(engine: OrderEngine, options: CashySimulatorOptions, settings: CashyBehaviourSettings): ProtocolRoutes {
  const operations = new Map<string, Operation>(Object.entries(CASHY_PATHS).map(([op, path]) => [path, op as Operation]));
  const ledger = engine.ledger;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

  return async ({ req, res, path, fullPath, rawBody }) => {
    const operation = operations.get(path);
    if (!operation) return sendSpringError(res, 404, fullPath);

    const body = parseJsonObject(rawBody);
    const mchOrderNo = text(body?.mchOrderNo);
    const orderNo = text(body?.orderNo);
    // Per-trade-number stats and faults key on mchOrderNo, whichever of the two numbers a query names.
    const tradeNo = mchOrderNo ?? (orderNo === undefined ? undefined : (ledger.orderByReference(orderNo)?.tradeNo ?? orderNo));
    if (operation === 'payout') ledger.noteCreateRequest(tradeNo);
    else if (operation === 'query') res.on('close', ledger.queryStarted(tradeNo));
    else ledger.noteOtherRequest();
    await engine.delay(tradeNo);

    const refuse = (msg: string) => {
      if (operation === 'payout') ledger.noteRefusedCreate();
      refusal(res, msg);
    };
    // Checks in the order of the documented common errors (docs/gateways.md 2.4).
    if (req.method !== 'POST') return refuse('RequestMethod_not_post');
    if (!/application\/json/i.test(req.headers['content-type'] ?? '')) return refuse('RequestContentType_not_json');
    const merchantId = req.headers.merchantid;
    if (typeof merchantId !== 'string' || merchantId === '') return refuse('MerchantId_is_null');
    if (!/^\d+$/.test(merchantId)) return refuse('MerchantId_not_Number');
    if (merchantId !== options.merchantId) return refuse('MerchantId_is_error');
    if (rawBody.trim() === '') return refuse('RequestBody_is_null');
    const sign = req.headers.sign;
    if (!cashySignMatches(rawBody, options.apiKey, typeof sign === 'string' ? sign : undefined)) return refuse('Sign_verify_error');
    if (!body) return refuse('Params_jsonFormat_error');
    if (operation !== 'payout') {
      // payOut checks nonceStr in its field-table order.
      if (text(body.nonceStr) === undefined) return refuse('Params_nonceStr_Required');
      if (String(body.nonceStr).length > 32) return refuse('Params_nonceStr_error');
    }

    if (operation === 'payout') {
      const problem = peruPayoutProblem(body);
      if (problem) return refuse(problem);
      const amount = peruAmount(body.amount) as string;
      const draft = {
        tradeNo: String(body.mchOrderNo),
        amount,
        beneficiaryName: String(body.accountName),
        notifyUrl: String(body.notifyUrl),
        request: body,
      };
      return admitCreate(engine, res, fullPath, draft, {
        accepted: (order) =>
          success(res, {
            merchantId: options.merchantId,
            mchOrderNo: order.tradeNo,
            orderNo: order.providerReference,
            amount: new JsonDecimal(order.amount),
            fee: new JsonDecimal(settings.fee),
            orderStatus: 'PROCESSING',
          }),
        duplicate: () => refusal(res, options.duplicateMsg ?? 'Params_mchOrderNo_error'),
        // A documented common error that does not say whether the order was placed.
        ambiguous: () => refusal(res, 'System_error', CASHY_SYSTEM_ERROR_CODE),
        // The reason Cashy lists for a merchant whose balance does not cover the order (docs/gateways.md 2.3).
        insufficient: () => refusal(res, 'MERCHANT_BALANCE_NOT_ENOUGH'),
      });
    }
    if (operation === 'query') {
      if (mchOrderNo === undefined && orderNo === undefined) return refuse('Params_orderNo_Required');
      return admitQuery(engine, res, fullPath, tradeNo, () => {
        // orderNo first, as the docs recommend; both given must name the same order.
        const order = orderNo !== undefined ? ledger.orderByReference(orderNo) : ledger.order(mchOrderNo as string);
        if (!order || (mchOrderNo !== undefined && order.tradeNo !== mchOrderNo) || engine.queryMisses(order)) {
          return refusal(res, options.notFoundMsg ?? 'Order_not_exist');
        }
        const status = cashyStatusOf(order, settings);
        success(res, {
          merchantId: options.merchantId,
          mchOrderNo: order.tradeNo,
          orderNo: order.providerReference,
          amount: new JsonDecimal(order.amount),
          fee: status.fee,
          orderStatus: status.orderStatus,
          completionTime: status.completionTime,
          resultDesc: status.resultDesc,
        });
      });
    }
    if (operation === 'balance') {
      return success(res, {
        mchId: options.merchantId,
        balance: new JsonDecimal(centsToText(engine.funds.availableCents)),
        unBalance: new JsonDecimal(options.balance?.unBalance ?? '0.00'),
      });
    }
    success(res, PERU_BANKS.map((bank) => ({ bankId: bank.bankId, bankCode: bank.bankName, bankName: bank.bankName })));
  };
}

function success(res: http.ServerResponse, data: unknown): void {
  sendText(res, 200, 'application/json', toJavaJson({ msg: 'SUCCESS', code: 200, data }));
}

function refusal(res: http.ServerResponse, msg: string, code = CASHY_ERROR_CODE): void {
  sendJson(res, 200, { code, msg });
}
