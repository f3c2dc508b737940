import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { PayoutService } from '../payout.service';
import { PayoutView } from '../payout.view';
import { ChannelBalanceView, ChannelInfoService } from '../channel-info.service';
import { Bank } from '../providers/payout-provider';
import { PayoutProviderRegistry } from '../providers/provider-registry';
import { CreatePayoutDto } from './create-payout.dto';
import { ListPayoutsDto } from './list-payouts.dto';
import { PayoutsApiGuard } from './payouts-api.guard';
import { PayoutsExceptionFilter } from './payouts-exception.filter';
import { payoutValidationPipe } from './validation';

/** Minimal response shape shared by express and fastify. */
interface StatusSettable {
  status(code: number): unknown;
}

/** The REST API. Its route prefix is set by PayoutsModule (default "payouts"). */
@Controller()
@UseGuards(PayoutsApiGuard)
@UseFilters(PayoutsExceptionFilter)
@UsePipes(payoutValidationPipe)
export class PayoutsController {
  constructor(
    private readonly payouts: PayoutService,
    private readonly registry: PayoutProviderRegistry,
    private readonly channelInfo: ChannelInfoService,
  ) {}

  /** 201 with a new payout, 200 with the existing one on an idempotent replay. */
  @Post()
  async create(@Body() body: CreatePayoutDto, @Res({ passthrough: true }) res: StatusSettable): Promise<PayoutView> {
    const { payout, created } = await this.payouts.create(body);
    res.status(created ? 201 : 200);
    return payout;
  }

  @Get()
  list(@Query() query: ListPayoutsDto): Promise<{ items: PayoutView[]; nextCursor: string | null }> {
    return this.payouts.list(query);
  }

  /** The configured channels: codes, protocols and currencies, never credentials. */
  @Get('channels')
  channels(): { code: string; protocol: string; variant: string | null; currency: string }[] {
    return this.registry.all().map(({ channel }) => ({
      code: channel.code,
      protocol: channel.protocol,
      variant: channel.variant ?? null,
      currency: channel.currency,
    }));
  }

  /** The channel's balance at its gateway, in major units. 502 when the gateway does not answer. */
  @Get('channels/:code/balance')
  balance(@Param('code') code: string): Promise<ChannelBalanceView> {
    return this.channelInfo.balance(code);
  }

  /** The banks the channel's gateway pays out to. 501 where the gateway has no bank list. */
  @Get('channels/:code/banks')
  banks(@Param('code') code: string): Promise<Bank[]> {
    return this.channelInfo.banks(code);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<PayoutView> {
    return this.payouts.get(id);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  refresh(@Param('id') id: string): Promise<PayoutView> {
    return this.payouts.refresh(id);
  }
}
