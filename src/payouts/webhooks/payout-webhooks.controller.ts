import { Controller, Headers, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiServiceUnavailableResponse, ApiTags,
  ApiUnauthorizedResponse, ApiUnsupportedMediaTypeResponse,
} from '../openapi/swagger';
import { PayoutWebhookService, WebhookResult } from './payout-webhook.service';
import { PayoutsWebhook } from './webhook-route';
import { CASHY_CALLBACK_ACK } from '../providers/cashy/cashy.provider';
import { CallbackAck } from '../providers/payout-provider';
import { PAYPRO_CALLBACK_ACK } from '../providers/paypro/paypro.provider';
import { ErrorView } from '../read/error.view';
import { assertJsonDepth } from '../http/json-depth';
import { PayoutsExceptionFilter } from '../http/payouts-exception.filter';

interface ReplySettable {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
  send(body: string): unknown;
}

/** The answer one callback gets: the gateway's own acknowledgement, or a JSON error. */
interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** The HTTP status for each way a callback is not taken. */
const REJECTED_STATUS: Readonly<Record<Extract<WebhookResult, { kind: 'rejected' }>['problem'], number>> = {
  forged: 401,
  malformed: 400,
  unsupported_media: 415,
};

/**
 * A callback's result as HTTP. An acknowledgement is the gateway's protocol, sent as the provider
 * gives it; anything else is a JSON error, and a 503 makes the gateway deliver the callback again.
 */
export function toHttpAnswer(result: WebhookResult): HttpAnswer {
  if (result.kind === 'acknowledged') return { ...result.ack };
  const status = result.kind === 'retry_later' ? 503 : REJECTED_STATUS[result.problem];
  return { status, contentType: 'application/json', body: JSON.stringify({ statusCode: status, message: result.reason }) };
}

/** An acknowledgement as the API docs state it, read from the provider that sends it. */
const ackText = (ack: CallbackAck) => `HTTP ${ack.status} \`${ack.contentType}\` \`${ack.body}\``;

/**
 * Gateway callbacks. Never behind the API key: each is verified by the gateway's signature.
 * Needs the raw body (`NestFactory.create(AppModule, { rawBody: true })`): Cashy signs the exact bytes.
 */
@ApiTags('callbacks')
@Controller()
@PayoutsWebhook()
@UseFilters(PayoutsExceptionFilter)
export class PayoutWebhooksController {
  constructor(private readonly webhooks: PayoutWebhookService) {}

  @Post(':channel')
  @HttpCode(200)
  @ApiOperation({
    summary: "A gateway's status callback for one channel",
    description:
      'Called by the gateway, not by you: give it `<publicBaseUrl>/payouts/webhooks/<channel>`. The body is the gateway\'s own ' +
      'signed JSON (Paypro/Vexora: a `sign` field in the body; Cashy: the `Sign` and `MerchantId` headers). Verified, recorded, ' +
      `then applied; answered with the exact acknowledgement the gateway expects: ${ackText(PAYPRO_CALLBACK_ACK)} for Paypro/Vexora, ` +
      `${ackText(CASHY_CALLBACK_ACK)} for Cashy.`,
  })
  @ApiParam({ name: 'channel', example: 'paypro-idn' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, description: "The gateway's signed callback JSON" })
  @ApiOkResponse({
    description: `Taken (applied, a duplicate, or not ours): the gateway's acknowledgement, \`${PAYPRO_CALLBACK_ACK.body}\` (Paypro/Vexora) or \`${CASHY_CALLBACK_ACK.body}\` (Cashy)`,
    content: { 'text/plain': { schema: { type: 'string', enum: [PAYPRO_CALLBACK_ACK.body, CASHY_CALLBACK_ACK.body], example: PAYPRO_CALLBACK_ACK.body } } },
  })
  @ApiBadRequestResponse({ type: ErrorView, description: 'Malformed callback: nothing applied' })
  @ApiUnauthorizedResponse({ type: ErrorView, description: 'Bad signature or merchant id: nothing applied' })
  @ApiNotFoundResponse({ type: ErrorView, description: 'No such channel' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorView, description: 'Not a JSON body: nothing applied' })
  @ApiServiceUnavailableResponse({
    type: ErrorView,
    description:
      'Not acknowledged, so the gateway retries: the database is unavailable, or a payout that has settled got bad news ' +
      'that a status query does not confirm yet',
  })
  async receive(
    @Param('channel') channel: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Req() req: { rawBody?: Buffer; body?: unknown },
    @Res() res: ReplySettable,
  ): Promise<void> {
    // Providers parse the raw bytes again, and masking and the inbox copy recurse per level.
    assertJsonDepth(req.body);
    const answer = toHttpAnswer(await this.webhooks.receive(channel, headers, req.rawBody));
    // Sent raw: the gateway gets these exact bytes, whatever interceptors or serializers the host runs.
    res.status(answer.status);
    res.header('content-type', answer.contentType);
    res.send(answer.body);
  }
}
