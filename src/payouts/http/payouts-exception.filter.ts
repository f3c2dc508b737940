import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  BatchConflictError, BatchNotFoundError, BatchRowProblem, BatchTooLargeError, BatchValidationError, GatewayUnavailableError, NotSupportedByChannelError, PayoutActionRefusedError, PayoutConflictError, PayoutNotFoundError,
  PayoutValidationError, UnknownChannelError,
} from '../domain/errors';
import { maskDigitRuns } from '../domain/masking';
import { isConnectionError } from '../persistence/database-errors';
import { CSV_TOO_LARGE } from './batch-body';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; problem: string }[];
  /** A batch's invalid rows, by row number. */
  rows?: BatchRowProblem[];
}

/** Where a batch that is too big for the app's JSON parser can go instead. */
const BATCH_TOO_LARGE = 'The request body is too large for this app\'s JSON body limit; send the batch as text/csv (read by the module, up to 10,000 rows) or raise the JSON limit (README, Batches)';

/** Maps the module's errors to HTTP answers. Bodies never carry stack traces or SQL. */
export function errorBodyFor(exception: unknown): ErrorBody {
  if (exception instanceof PayoutValidationError) {
    return { statusCode: 400, error: 'Bad Request', message: 'The request is invalid; see details', details: exception.details };
  }
  if (exception instanceof BatchValidationError) return { statusCode: 400, error: 'Bad Request', message: exception.message, rows: exception.rows };
  if (exception instanceof BatchTooLargeError) return { statusCode: 413, error: 'Payload Too Large', message: exception.message };
  if (exception instanceof PayoutConflictError || exception instanceof PayoutActionRefusedError || exception instanceof BatchConflictError) {
    return { statusCode: 409, error: 'Conflict', message: exception.message };
  }
  if (exception instanceof PayoutNotFoundError || exception instanceof UnknownChannelError || exception instanceof BatchNotFoundError) {
    return { statusCode: 404, error: 'Not Found', message: exception.message };
  }
  if (exception instanceof GatewayUnavailableError) return { statusCode: 502, error: 'Bad Gateway', message: exception.message };
  if (exception instanceof NotSupportedByChannelError) return { statusCode: 501, error: 'Not Implemented', message: exception.message };
  if (isConnectionError(exception)) {
    return { statusCode: 503, error: 'Service Unavailable', message: 'The payouts database is unavailable; retry later' };
  }
  // Nest 12 wraps a body parser's error in an HttpException (the parser's error as its cause).
  const parserStatus = bodyParserStatus(exception) ?? bodyParserStatus((exception as { cause?: unknown } | undefined)?.cause);
  if (parserStatus === 413) return { statusCode: 413, error: 'Payload Too Large', message: 'The request body is too large' };
  if (parserStatus === 400) return { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON' };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string' ? response : Array.isArray((response as { message?: unknown }).message)
        ? ((response as { message: string[] }).message).join('; ')
        : String((response as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, error: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()) ?? 'Error', message };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
}

/** Errors raised by express's body-parser or fastify's content parser before a route runs. */
function bodyParserStatus(exception: unknown): number | undefined {
  const e = exception as { type?: string; code?: string; statusCode?: number };
  if (e?.type === 'entity.too.large' || e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 413;
  if (e?.type === 'entity.parse.failed' || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 400;
  if (typeof e?.code === 'string' && e.code.startsWith('FST_ERR_CTP') && e.statusCode && e.statusCode < 500) return e.statusCode === 413 ? 413 : 400;
  return undefined;
}

@Catch()
export class PayoutsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Payouts');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = errorBodyFor(exception);
    const req = host.switchToHttp().getRequest<{ url?: string; headers?: Record<string, unknown> }>();
    if (body.statusCode === 413 && !(exception instanceof BatchTooLargeError) && /\/batches\/?(\?|$)/.test(String(req?.url ?? ''))) {
      body.message = /^text\/csv/i.test(String(req?.headers?.['content-type'] ?? '')) ? CSV_TOO_LARGE : BATCH_TOO_LARGE;
    }
    if (body.statusCode >= 500) {
      this.logger.error(maskDigitRuns(exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception)));
    }
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, body.statusCode);
  }
}
