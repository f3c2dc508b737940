import { Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse,
  ApiProduces, ApiResponse, ApiSecurity, ApiTags,
} from '../openapi/swagger';
import { Allow, Caller, PayoutPrincipal, READERS } from '../auth/principal';
import { PayoutsApiGuard } from '../auth/payouts-api.guard';
import { batchTemplateCsv, csvItems, csvLine } from '../batches/batch-csv';
import { MAX_BATCH_ITEMS, PayoutBatchService } from '../batches/payout-batch.service';
import { BatchTooLargeError, PayoutValidationError } from '../domain/errors';
import { formatMinor } from '../domain/money';
import { BatchCompletion } from '../lifecycle/batch-completion.service';
import { payoutFor } from '../read/caller-view';
import { ErrorView } from '../read/error.view';
import { BatchAcceptedView, BatchItemPageView, BatchPageView, BatchView } from '../read/payout-batch.view';
import { PayoutBatchReader } from '../read/payout-batch-reader.service';
import { BatchRequest, csvBodyOf } from './batch-body';
import { rowsOf } from './batch-items';
import { AcceptBatchQueryDto, BATCH_REFERENCE, BATCH_REFERENCE_PROBLEM, BatchItemsDto, ListBatchesDto } from './batch-queries.dto';
import { PayoutsExceptionFilter } from './payouts-exception.filter';
import { payoutValidationPipe } from './validation';

/** Minimal response shape shared by express and fastify. */
interface Reply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

const batchId = ApiParam({ name: 'id', description: 'The batch id (UUIDv7)', example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e' });
const RESULT_COLUMNS = ['merchantReference', 'status', 'failureCode', 'failureMessage', 'gatewayReference', 'fee', 'currency', 'payoutId'];

/** Batches of payouts: JSON or CSV in, stored at once, sent by the poller. Mounted at `<prefix>/batches` by PayoutsModule. */
@ApiTags('batches')
@ApiSecurity('api-key')
@Controller()
@Allow(...READERS)
@UseGuards(PayoutsApiGuard)
@UseFilters(PayoutsExceptionFilter)
@UsePipes(payoutValidationPipe)
export class PayoutBatchesController {
  constructor(
    private readonly batches: PayoutBatchService,
    private readonly reader: PayoutBatchReader,
    private readonly completion: BatchCompletion,
  ) {}

  /** 202 with a new batch, 200 with the stored one on a replay. */
  @Post()
  @Allow('operator')
  @ApiConsumes('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Accept a batch of payouts (JSON or CSV)',
    description:
      'JSON: `{ "batchReference": "…", "items": [ …POST /payouts bodies… ] }`. CSV: the header row of GET /payouts/batches/template.csv, ' +
      'one payout per row, batchReference as a query parameter or the x-batch-reference header. Up to 10,000 items. Every row is checked ' +
      'first; the payouts are stored at once and sent by the poller at each channel\'s rate.',
  })
  @ApiResponse({ status: 202, type: BatchAcceptedView, description: 'Stored; its payouts are sent by the poller' })
  @ApiOkResponse({ type: BatchAcceptedView, description: 'Replay: this batchReference with the same content was accepted earlier' })
  @ApiBadRequestResponse({ type: ErrorView, description: 'Invalid rows (listed in `rows` by number) and no acceptValid, or a malformed body; nothing stored' })
  @ApiConflictResponse({ type: ErrorView, description: 'This batchReference was used with other content' })
  @ApiPayloadTooLargeResponse({ type: ErrorView, description: 'More than 10,000 items, or a body over the limit' })
  async accept(
    @Req() req: BatchRequest, @Query() query: AcceptBatchQueryDto, @Headers('x-batch-reference') headerReference: string | undefined,
    @Caller() caller: PayoutPrincipal, @Res({ passthrough: true }) res: Reply,
  ): Promise<BatchAcceptedView> {
    const csv = /^text\/csv\b/i.test(String(req.headers['content-type'] ?? ''));
    const { batchReference, items } = csv ? { batchReference: query.batchReference ?? headerReference, items: csvItems(await csvBodyOf(req)) } : jsonBatch(req.body, query.batchReference);
    if (typeof batchReference !== 'string' || !BATCH_REFERENCE.test(batchReference)) {
      throw new PayoutValidationError([{ field: 'batchReference', problem: batchReference === undefined ? 'is required' : BATCH_REFERENCE_PROBLEM }]);
    }
    // Refused before any row is checked: the cost of a check grows with the rows.
    if (items.length > MAX_BATCH_ITEMS) throw new BatchTooLargeError(`A batch holds at most ${MAX_BATCH_ITEMS.toLocaleString('en')} items; this one has ${items.length.toLocaleString('en')}: split it`);
    const rows = rowsOf(items, csv);
    const hashed = csv ? items.map((i) => (i as { item?: unknown }).item ?? null) : items;
    const accepted = await this.batches.accept({ batchReference, items: hashed, rows, acceptValid: query.acceptValid ?? false }, { principal: caller, address: req.ip ?? null });
    res.status(accepted.created ? 202 : 200);
    return accepted;
  }

  @Get()
  @ApiOperation({ summary: 'Batches, newest first, with their progress' })
  @ApiOkResponse({ type: BatchPageView })
  list(@Query() query: ListBatchesDto): Promise<BatchPageView> {
    return this.reader.list(query.limit ?? 20, query.cursor);
  }

  @Get('template.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The CSV header row, with one example row' })
  template(@Res({ passthrough: true }) res: Reply): string {
    csvHeaders(res, 'payout-batch-template.csv');
    return batchTemplateCsv();
  }

  @Get(':id')
  @batchId
  @ApiOperation({ summary: 'One batch: counts by status, totals by currency, progress' })
  @ApiOkResponse({ type: BatchView })
  @ApiNotFoundResponse({ type: ErrorView })
  async get(@Param('id') id: string): Promise<BatchView> {
    const view = await this.reader.get(id);
    // Completion is written as the last item settles; should that write have failed, the first read after it catches up.
    if (!view.completedAt && view.items > 0 && view.progress.final === view.items && (await this.completion.afterItemSettled(id))) return this.reader.get(id);
    return view;
  }

  @Get(':id/items')
  @batchId
  @ApiOperation({ summary: "A batch's payouts in file order, a page at a time, optionally of one status" })
  @ApiOkResponse({ type: BatchItemPageView })
  @ApiNotFoundResponse({ type: ErrorView })
  async items(@Param('id') id: string, @Query() query: BatchItemsDto, @Caller() caller: PayoutPrincipal): Promise<BatchItemPageView> {
    const page = await this.reader.items(id, query.limit ?? 50, query.status, query.cursor);
    return { ...page, items: page.items.map((p) => payoutFor(caller, p)) };
  }

  @Get(':id/results.csv')
  @batchId
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'One row per item: reference, status, failure code and message, gateway reference, fee' })
  @ApiNotFoundResponse({ type: ErrorView })
  async results(@Param('id') id: string, @Res({ passthrough: true }) res: Reply): Promise<string> {
    const lines = [csvLine(RESULT_COLUMNS)];
    for await (const p of this.reader.allItems(id)) {
      const fee = p.fee === null ? '' : formatMinor(p.fee, p.currency);
      lines.push(csvLine([p.merchantReference, p.status, p.failureCode, p.failureMessage, p.providerReference, fee, p.currency, p.id]));
    }
    csvHeaders(res, `payout-batch-${id.replace(/[^0-9a-f-]/g, '')}-results.csv`);
    return lines.join('\r\n') + '\r\n';
  }
}

function csvHeaders(res: Reply, filename: string): void {
  res.header('content-type', 'text/csv; charset=utf-8');
  res.header('content-disposition', `attachment; filename="${filename}"`);
}

/** `{ batchReference, items }`, nothing else; the reference may also come as a query parameter. */
function jsonBatch(body: unknown, queryReference: string | undefined): { batchReference: unknown; items: unknown[] } {
  const problems = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PayoutValidationError([{ field: 'body', problem: 'must be { batchReference, items } as JSON, or text/csv' }]);
  const { batchReference, items, ...rest } = body as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.push({ field: key, problem: 'is not a field of a batch (batchReference, items)' });
  if (!Array.isArray(items)) problems.push({ field: 'items', problem: 'must be an array of payouts (the body of POST /payouts each)' });
  if (problems.length) throw new PayoutValidationError(problems);
  return { batchReference: batchReference ?? queryReference, items: items as unknown[] };
}
