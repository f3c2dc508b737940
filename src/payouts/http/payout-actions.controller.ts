import { Body, Controller, HttpCode, Param, Post, Req, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '../openapi/swagger';
import { API_KEY_SCHEME } from '../openapi/api-key-scheme';
import { ActionContext } from '../approvals/audit-entry';
import { OperatorActions } from '../approvals/operator-actions.service';
import { PayoutsApiGuard } from '../auth/payouts-api.guard';
import { Allow, Caller, PayoutPrincipal } from '../auth/principal';
import { payoutFor } from '../read/caller-view';
import { ErrorView } from '../read/error.view';
import { PayoutView, toPayoutView } from '../read/payout.view';
import { ActionNoteDto, RejectPayoutDto } from './payout-action.dto';
import { PayoutsExceptionFilter } from './payouts-exception.filter';
import { payoutValidationPipe } from './validation';

const payoutId = ApiParam({ name: 'id', description: 'The payout id (UUIDv7)', example: '019a8c3e-5b1f-7c2a-9d4e-3f6a1b2c3d4e' });

/** What people do to payouts (maker-checker, cancel, acknowledge), each answered 409 with the reason when its state does not allow it. */
@ApiTags('payouts')
@ApiSecurity(API_KEY_SCHEME)
@ApiUnauthorizedResponse({ type: ErrorView, description: 'No valid credentials' })
@ApiForbiddenResponse({ type: ErrorView, description: 'The caller lacks the role this needs' })
@ApiConflictResponse({ type: ErrorView, description: "The payout's state does not allow this now; the message says why" })
@Controller()
@UseGuards(PayoutsApiGuard)
@UseFilters(PayoutsExceptionFilter)
@UsePipes(payoutValidationPipe)
export class PayoutActionsController {
  constructor(private readonly actions: OperatorActions) {}

  @Post(':id/approve')
  @HttpCode(200)
  @Allow('approver')
  @payoutId
  @ApiOperation({ summary: 'Approve a payout waiting for approval', description: 'By anyone but its creator; the last approval needed sends it, once.' })
  @ApiOkResponse({ type: PayoutView })
  async approve(@Param('id') id: string, @Body() body: ActionNoteDto, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }): Promise<PayoutView> {
    return payoutFor(caller, toPayoutView(await this.actions.approve(id, context(caller, req, body.note))));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow('approver')
  @payoutId
  @ApiOperation({ summary: 'Reject a payout waiting for approval', description: 'It is cancelled, never sent.' })
  @ApiOkResponse({ type: PayoutView })
  async reject(@Param('id') id: string, @Body() body: RejectPayoutDto, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }): Promise<PayoutView> {
    return payoutFor(caller, toPayoutView(await this.actions.reject(id, context(caller, req, body.reason))));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow('operator')
  @payoutId
  @ApiOperation({ summary: 'Cancel a payout that was never sent', description: 'Waiting for approval, or created and not yet sent; a sent payout only its gateway can stop.' })
  @ApiOkResponse({ type: PayoutView })
  async cancel(@Param('id') id: string, @Body() body: ActionNoteDto, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }): Promise<PayoutView> {
    return payoutFor(caller, toPayoutView(await this.actions.cancel(id, context(caller, req, body.note))));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow('operator')
  @payoutId
  @ApiOperation({ summary: 'Clear the attention flag', description: 'With a note for the audit trail.' })
  @ApiOkResponse({ type: PayoutView })
  async acknowledge(@Param('id') id: string, @Body() body: ActionNoteDto, @Caller() caller: PayoutPrincipal, @Req() req: { ip?: string }): Promise<PayoutView> {
    return payoutFor(caller, toPayoutView(await this.actions.acknowledge(id, context(caller, req, body.note))));
  }
}

function context(principal: PayoutPrincipal, req: { ip?: string }, note: string | undefined): ActionContext {
  return { principal, address: req.ip ?? null, note: note ?? null };
}
