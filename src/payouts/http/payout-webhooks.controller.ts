import { Controller, Headers, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { PayoutWebhookService } from '../payout-webhook.service';
import { PayoutsExceptionFilter } from './payouts-exception.filter';

interface ReplySettable {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/**
 * Gateway callbacks. Never behind the API key: each is verified by the gateway's signature.
 * Needs the raw body (`NestFactory.create(AppModule, { rawBody: true })`): Cashy signs the exact bytes.
 */
@Controller()
@UseFilters(PayoutsExceptionFilter)
export class PayoutWebhooksController {
  constructor(private readonly webhooks: PayoutWebhookService) {}

  @Post(':channel')
  @HttpCode(200)
  async receive(
    @Param('channel') channel: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Req() req: { rawBody?: Buffer },
    @Res({ passthrough: true }) res: ReplySettable,
  ): Promise<string> {
    const answer = await this.webhooks.receive(channel, headers, req.rawBody);
    res.status(answer.status);
    res.header('content-type', answer.contentType);
    return answer.body;
  }
}
