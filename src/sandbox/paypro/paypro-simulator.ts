import * as http from 'node:http';
import { centsOf, centsToText } from '../core/decimal';
import { parseJsonObject, sendJson, sendSpringError } from '../core/http-io';
import { LedgerOrder } from '../core/ledger';
import { parseUtcOffset, formatLocalTime } from '../core/local-time';
import { OrderEngine } from '../core/order-engine';
import { admitCreate, admitQuery } from '../core/request-faults';
import { ProtocolRoutes, SimulatorHandle, SimulatorOptions, engineOptions, startSimulatorServer } from '../core/simulator-server';
import { payproBehaviour, payproStatusOf } from './paypro-behaviour';
import { PAYPRO_OUTER, PAYPRO_STATUS } from './paypro-codes';
import { PayproVariant, payoutProblem, requiredProblem } from './paypro-payout-rules';
import { payproSignMatches } from './paypro-signature';

export type PayproBrand = 'paypro' | 'vexora';

/** Endpoints per white-label (docs/gateways.md 1.2); the Vexora balance path is inferred there. */
export const PAYPRO_PATHS: Readonly<Record<PayproBrand, { payout: string; query: string; balance: string }>> = {
  paypro: { payout: '/v1/paypro/payOut', query: '/v1/paypro/queryPayOutResult', balance: '/v1/paypro/queryBalance' },
  vexora: { payout: '/v1/vexora/disbursements', query: '/v1/vexora/queryPayOutResult', balance: '/v1/vexora/queryBalance' },
};

/** Local time of each variant's country: Jakarta (WIB) and Mexico City (no DST since 2022). */
const DEFAULT_UTC_OFFSETS: Readonly<Record<PayproVariant, string>> = { bank: '+07:00', mexico: '-06:00' };

export interface PayproSimulatorOptions extends SimulatorOptions {
  /** The expected `merchantNo` header. */
  merchantId: string;
  /** The app secret the signatures are salted with. */
  secret: string;
  /** Which paths to serve. Default paypro. */
  brand?: PayproBrand;
  /** Beneficiary fields: bank account (Indonesia/Nigeria) or Mexico. Default bank. */
  variant?: PayproVariant;
  /** e.g. "/indonesia-pay", as in the real sandbox base URLs. Default none. */
  pathPrefix?: string;
  /** Outer code for a query of an unknown tradeNo (undocumented). Default "1004". */
  notFoundCode?: string;
  /**
   * Balance figures as strings. Default 100000000.00 available, nothing frozen or unsettled. The
   * available figure is live (accepted orders draw on it, failed ones give back); Paypro publishes
   * no "not enough balance" answer, so an order it does not cover is accepted and the balance reads 0.
   */
  balance?: { available?: string; freeze?: string; unsettled?: string };
  /** Spell the available balance `availablAmount`, as the Indonesia page does (docs/gateways.md 1.7). Default false. */
  balanceTypo?: boolean;
}

/** Starts a Paypro (or Vexora) simulator. */
export async function startPayproSimulator(options: PayproSimulatorOptions): Promise<SimulatorHandle> {
  const variant = options.variant ?? 'bank';
  const offsetText = options.utcOffset ?? DEFAULT_UTC_OFFSETS[variant];
  const utcOffsetMinutes = parseUtcOffset(offsetText);
  if (utcOffsetMinutes === undefined) throw new Error(`utcOffset must look like "+07:00", got ${offsetText}`);
  const available = options.balance?.available ?? '100000000.00';
  const balanceCents = centsOf(available);
  if (balanceCents === undefined) throw new Error(`balance.available must be a decimal string such as "1000.00", got ${available}`);
  const engine = new OrderEngine(payproBehaviour({ secret: options.secret, variant, utcOffsetMinutes }), engineOptions(options, balanceCents));
  const routes = payproRoutes(engine, { ...options, variant, utcOffsetMinutes });
  return startSimulatorServer(engine, routes, options);
}

type Operation = 'payout' | 'query' | 'balance';

function payproRoutes(
  engine: OrderEngine,
  config: PayproSimulatorOptions & { variant: PayproVariant; utcOffsetMinutes: number },
): ProtocolRoutes {
  const paths = PAYPRO_PATHS[config.brand ?? 'paypro'];
  const operations = new Map<string, Operation>([
    [paths.payout, 'payout'],
    [paths.query, 'query'],
    [paths.balance, 'balance'],
  ]);
  // Mexico answers with data.desc where the other countries use data.message (docs/gateways.md 1.4).
  const messageKey = config.variant === 'mexico' ? 'desc' : 'message';
  const ledger = engine.ledger;

  return async ({ req, res, path, fullPath, rawBody }) => {
    const operation = operations.get(path);
    if (!operation) return sendSpringError(res, 404, fullPath);
    if (req.method !== 'POST') return sendSpringError(res, 405, fullPath);
    // A Spring @RequestBody endpoint refuses other content types before any business code runs.
    if (!/application\/json/i.test(req.headers['content-type'] ?? '')) return sendSpringError(res, 415, fullPath);

    const body = parseJsonObject(rawBody);
    const tradeNo = typeof body?.tradeNo === 'string' && body.tradeNo !== '' ? body.tradeNo : undefined;
    if (operation === 'payout') ledger.noteCreateRequest(tradeNo);
    else if (operation === 'query') res.on('close', ledger.queryStarted(tradeNo));
    else ledger.noteOtherRequest();
    await engine.delay(tradeNo);

    const refuse = (code: string, msg: string) => {
      if (operation === 'payout') ledger.noteRefusedCreate();
      outerError(res, code, msg);
    };
    if (!body) return refuse(PAYPRO_OUTER.PARAM_ERROR, 'request body must be a JSON object');
    if (req.headers.merchantno !== config.merchantId) return refuse(PAYPRO_OUTER.MERCHANT_ERROR, 'merchant does not exist');
    if (!payproSignMatches(body, config.secret)) return refuse(PAYPRO_OUTER.SIGN_ERROR, 'sign error');

    if (operation === 'payout') {
      const problem = payoutProblem(config.variant, body);
      if (problem) return refuse(PAYPRO_OUTER.PARAM_ERROR, problem);
      const acceptedTradeNo = String(body.tradeNo);
      const request = Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'sign'));
      const draft = {
        tradeNo: acceptedTradeNo,
        amount: String(body.amount),
        beneficiaryName: String(body.customerName),
        notifyUrl: String(body.notifyUrl),
        request,
      };
      return admitCreate(engine, res, fullPath, draft, {
        accepted: (order) =>
          success(res, {
            tradeNo: acceptedTradeNo,
            platFormTradeNo: order.providerReference,
            status: PAYPRO_STATUS.PROCESSING,
            [messageKey]: config.variant === 'mexico' ? 'CREATED' : 'PAYING',
            remark: body.remark ?? '',
          }),
        duplicate: () => outerError(res, PAYPRO_OUTER.DUPLICATE_TRADE_NO, `tradeNo ${acceptedTradeNo} already exists`),
        ambiguous: () => outerError(res, PAYPRO_OUTER.SYSTEM_ERROR, 'System operation exception, please contact the provider'),
      });
    }
    if (operation === 'query') {
      const problem = requiredProblem(body, ['tradeNo', 'timestamp']);
      if (problem) return refuse(PAYPRO_OUTER.PARAM_ERROR, problem);
      return admitQuery(engine, res, fullPath, tradeNo, () => {
        const order = ledger.order(String(tradeNo));
        if (!order || engine.queryMisses(order)) {
          return outerError(res, config.notFoundCode ?? PAYPRO_OUTER.ORDER_NOT_FOUND, 'order does not exist');
        }
        success(res, queryData(order, messageKey, config.utcOffsetMinutes));
      });
    }
    const problem = requiredProblem(body, ['timestamp']);
    if (problem) return refuse(PAYPRO_OUTER.PARAM_ERROR, problem);
    success(res, {
      [config.balanceTypo ? 'availablAmount' : 'availableAmount']: centsToText(engine.funds.availableCents),
      freezeAmount: config.balance?.freeze ?? '0.00',
      unsettledAmount: config.balance?.unsettled ?? '0.00',
    });
  };
}

/** The payout query's data (docs/gateways.md 1.4 and source 003): amounts as "300.00" strings, successTime once completed. */
function queryData(order: LedgerOrder, messageKey: string, utcOffsetMinutes: number): Record<string, unknown> {
  const { status, message } = payproStatusOf(order);
  const amount = `${order.amount}.00`;
  const data: Record<string, unknown> = {
    platFormTradeNo: order.providerReference,
    tradeNo: order.tradeNo,
    orderAmount: amount,
    payAmount: order.state === 'succeeded' ? amount : '0.00',
    status,
    [messageKey]: message,
  };
  if (order.completedAt !== undefined) data.successTime = formatLocalTime(order.completedAt, utcOffsetMinutes);
  return data;
}

function success(res: http.ServerResponse, data: Record<string, unknown>): void {
  sendJson(res, 200, { msg: 'success', code: PAYPRO_OUTER.OK, timestamp: Date.now(), success: true, data });
}

/** Refusals come back as HTTP 200 with an outer code other than 0000: the order was not placed. */
function outerError(res: http.ServerResponse, code: string, msg: string): void {
  sendJson(res, 200, { code, msg, success: false, timestamp: Date.now() });
}
