import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req, Res, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadGatewayResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNotFoundResponse,
  ApiNotImplementedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiServiceUnavailableResponse, ApiTags,
  ApiUnauthorizedResponse,
} from '../openapi/swagger';
import { API_KEY_SCHEME } from '../openapi/api-key-scheme';
import { DeadLetterView, ReplayView, toDeadLetterView } from '../events/dead-letter.view';
import { PayoutOutboxRepository } from '../events/payout-outbox.repository';
import { ChannelInfoService } from '../read/channel-info.service';
import { PayoutHistoryView, PayoutStatsView } from '../read/payout-overview.view';
import { PayoutOverviewService } from '../read/payout-overview.service';
import { PayoutService } from '../lifecycle/payout.service';
import { PayoutPageView, PayoutView } from '../read/payout.view';
import { Bank } from '../providers/payout-provider';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { BankView, ChannelBalanceView, ChannelView } from '../read/channel.view';
import { ErrorView } from '../read/error.view';
import { CreatePayoutDto } from './create-payout.dto';
import { ListPayoutsDto, PayoutStatsDto } from './list-payouts.dto';
import { PayoutsApiGuard } from '../auth/payouts-api.guard';
import { Allow, Caller, PayoutPrincipal, READERS } from '../auth/principal';
import { historyFor, payoutFor } from '../read/caller-view';
import { PayoutsExceptionFilter } from './payouts-exception.filter';
import { payoutValidationPipe } from './validation';

/** Minimal response shape shared by express and fastify. */
interface StatusSettable {
  status(code: number): unknown;
}

const payoutId = ApiParam({ name: 'id', description: 'The payout id (UUIDv7)', example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e' });
const channelCode = ApiParam({ name: 'code', description: 'A configured channel code', example: 'paypro-idn' });

/** The REST API. Its route prefix is set by PayoutsModule (default "payouts"). */
@ApiTags('payouts')
@ApiSecurity(API_KEY_SCHEME)
@ApiExtraModels(ErrorView)
@ApiUnauthorizedResponse({ type: ErrorView, description: 'An API key is configured and x-api-key is missing or wrong' })
@ApiServiceUnavailableResponse({ type: ErrorView, description: 'The payouts database is unavailable; nothing was changed, retry later' })
@Controller()
@Allow(...READERS)
@UseGuards(PayoutsApiGuard)
@UseFilters(PayoutsExceptionFilter)
@UsePipes(payoutValidationPipe)
export class PayoutsController {
  constructor(
    private readonly payouts: PayoutService,
    private readonly overview: PayoutOverviewService,
    private readonly registry: PayoutProviderRegistry,
    private readonly channelInfo: ChannelInfoService,
    private readonly outbox: PayoutOutboxRepository,
  ) {}

  /** 201 with a new payout, 200 with the existing one on an idempotent replay. */
  @Post()
  @Allow('operator')
  @ApiOperation({
    summary: 'Create a payout',
    description:
      'Stores the payout, then sends it to the channel\'s gateway. A timeout or an unclear answer leaves it UNKNOWN ' +
      '(never FAILED): the poller finds out. Repeat the same request with the same merchantReference safely.',
  })
  @ApiCreatedResponse({ type: PayoutView, description: 'Created and sent (see status)' })
  @ApiOkResponse({ type: PayoutView, description: 'Idempotent replay: the payout created earlier with this merchantReference' })
  @ApiBadRequestResponse({ type: ErrorView, description: 'Invalid request or channel rule broken; every problem listed; nothing stored' })
  @ApiConflictResponse({ type: ErrorView, description: 'This merchantReference was used with a different request' })
  async create(
    @Body() body: CreatePayoutDto, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }, @Res({ passthrough: true }) res: StatusSettable,
  ): Promise<PayoutView> {
    const { payout, created } = await this.payouts.create(body, { principal: caller, address: req.ip ?? null });
    res.status(created ? 201 : 200);
    return payoutFor(caller, payout);
  }

  @Get()
  @ApiOperation({ summary: 'List and search payouts, newest first' })
  @ApiOkResponse({ type: PayoutPageView })
  @ApiBadRequestResponse({ type: ErrorView })
  async list(@Query() query: ListPayoutsDto, @Caller() caller: PayoutPrincipal): Promise<PayoutPageView> {
    const page = await this.payouts.list(query);
    return { ...page, items: page.items.map((p) => payoutFor(caller, p)) };
  }

  @Get('stats')
  @ApiOperation({ summary: 'Payouts created in a window, by channel and status, and per time bucket' })
  @ApiOkResponse({ type: PayoutStatsView })
  @ApiBadRequestResponse({ type: ErrorView })
  stats(@Query() query: PayoutStatsDto): Promise<PayoutStatsView> {
    return this.overview.stats(query.hours ?? 24);
  }

  /** Who the caller is and what it may do: the dashboard shows only the actions a caller's roles allow. */
  @Get('me')
  @ApiOkResponse({ schema: { type: 'object', properties: { id: { type: 'string', example: 'finance-lead' }, roles: { type: 'array', items: { type: 'string' }, example: ['approver'] } } } })
  me(@Caller() caller: PayoutPrincipal): PayoutPrincipal {
    return { id: caller.id, roles: caller.roles };
  }

  /** The configured channels: codes, protocols and currencies, never credentials. */
  @Get('channels')
  @ApiOperation({ summary: 'The configured channels (never their credentials)' })
  @ApiOkResponse({ type: [ChannelView] })
  channels(): ChannelView[] {
    return this.registry.all().map(({ channel }) => ({
      code: channel.code,
      protocol: channel.protocol,
      variant: channel.variant ?? null,
      currency: channel.currency,
    }));
  }

  /** The channel's balance at its gateway, in major units. 502 when the gateway does not answer. */
  @Get('channels/:code/balance')
  @channelCode
  @ApiOperation({ summary: "The channel's balance at its gateway" })
  @ApiOkResponse({ type: ChannelBalanceView })
  @ApiNotFoundResponse({ type: ErrorView, description: 'No such channel' })
  @ApiNotImplementedResponse({ type: ErrorView, description: 'The gateway offers no balance query' })
  @ApiBadGatewayResponse({ type: ErrorView, description: 'The gateway did not answer, or answered with an error' })
  balance(@Param('code') code: string): Promise<ChannelBalanceView> {
    return this.channelInfo.balance(code);
  }

  /** The banks the channel's gateway pays out to. 501 where the gateway has no bank list. */
  @Get('channels/:code/banks')
  @channelCode
  @ApiOperation({ summary: "The banks the channel's gateway pays out to", description: 'Cashy: its bank list endpoint, or the documented Peru table when it fails' })
  @ApiOkResponse({ type: [BankView] })
  @ApiNotFoundResponse({ type: ErrorView, description: 'No such channel' })
  @ApiNotImplementedResponse({ type: ErrorView, description: 'The gateway publishes no bank list' })
  @ApiBadGatewayResponse({ type: ErrorView })
  banks(@Param('code') code: string): Promise<Bank[]> {
    return this.channelInfo.banks(code);
  }

  @Get('events/dead-letters')
  @ApiOperation({ summary: 'Events whose delivery attempts are used up, oldest first (at most 200)' })
  @ApiOkResponse({ type: [DeadLetterView] })
  async deadLetters(): Promise<DeadLetterView[]> {
    return (await this.outbox.deadLetters(200)).map(toDeadLetterView);
  }

  /** Gives an unpublished event (dead-lettered or waiting for its backoff) fresh attempts, due now. */
  @Post('events/:eventId/replay')
  @Allow('operator')
  @HttpCode(202)
  @ApiParam({ name: 'eventId', description: 'The event id, `<payoutId>:<version>`', example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e:3' })
  @ApiOperation({ summary: 'Deliver an event again' })
  @ApiResponse({ status: 202, type: ReplayView, description: 'Queued: the dispatcher delivers it on its next round' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'No such event (or purged after its retention period)' })
  @ApiConflictResponse({ type: ErrorView, description: 'The event is already published' })
  async replay(@Param('eventId') eventId: string, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }): Promise<ReplayView> {
    // Event ids are `<payoutId>:<version>`: the replay is audited on its payout.
    const audit = { payoutId: eventId.split(':')[0].slice(0, 36), action: 'replay', principalId: caller.id, address: req.ip ?? null, note: eventId.slice(0, 255) };
    const outcome = await this.outbox.replay(eventId, audit);
    if (outcome === 'not_found') throw new NotFoundException(`Payout event ${eventId} does not exist`);
    if (outcome === 'published') throw new ConflictException(`Payout event ${eventId} is already published`);
    return { eventId, status: 'pending' };
  }

  @Get(':id')
  @payoutId
  @ApiOperation({ summary: 'One payout' })
  @ApiOkResponse({ type: PayoutView })
  @ApiNotFoundResponse({ type: ErrorView })
  async get(@Param('id') id: string, @Caller() caller: PayoutPrincipal): Promise<PayoutView> {
    return payoutFor(caller, await this.payouts.get(id));
  }

  @Get(':id/history')
  @payoutId
  @ApiOperation({ summary: "One payout's state changes, gateway calls and callbacks (masked)" })
  @ApiOkResponse({ type: PayoutHistoryView })
  @ApiNotFoundResponse({ type: ErrorView })
  async history(@Param('id') id: string, @Caller() caller: PayoutPrincipal): Promise<PayoutHistoryView> {
    return historyFor(caller, await this.overview.history(id));
  }

  @Post(':id/refresh')
  @Allow('operator')
  @HttpCode(200)
  @payoutId
  @ApiOperation({ summary: 'Ask the gateway now and apply its answer' })
  @ApiOkResponse({ type: PayoutView })
  @ApiNotFoundResponse({ type: ErrorView })
  async refresh(@Param('id') id: string, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }): Promise<PayoutView> {
    return payoutFor(caller, await this.payouts.refresh(id, { principal: caller, address: req.ip ?? null }));
  }
}
