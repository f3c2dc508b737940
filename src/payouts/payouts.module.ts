import { Controller, DynamicModule, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PayoutWebhooksController } from './webhooks/payout-webhooks.controller';
import { PayoutsApiGuard } from './auth/payouts-api.guard';
import { PayoutActionsController } from './http/payout-actions.controller';
import { PayoutBatchesController } from './http/payout-batches.controller';
import { CsvBodyParser } from './http/batch-body';
import { PayoutBatchService } from './batches/payout-batch.service';
import { BatchCompletion } from './lifecycle/batch-completion.service';
import { PayoutBatchRepository } from './persistence/payout-batch.repository';
import { PayoutBatchReader } from './read/payout-batch-reader.service';
import { PayoutsController } from './http/payouts.controller';
import { PayoutsDashboardController } from './dashboard/payouts-dashboard.controller';
import { ChannelInfoService } from './read/channel-info.service';
import { EventHandlerDiscovery } from './events/event-handler-discovery';
import { InProcessEventPublisher } from './events/in-process-publisher';
import { OutboxDispatcher } from './events/outbox-dispatcher.service';
import { OutboxPurger } from './events/outbox-purger.service';
import { PayoutOutboxRepository } from './events/payout-outbox.repository';
import { PayoutEventGauges } from './observability/event-gauges';
import { ChannelHealthTracker } from './observability/channel-health';
import { PayoutStateGauges } from './observability/payout-gauges';
import { PayoutMetrics } from './observability/payout-metrics';
import { PayoutWebhookService } from './webhooks/payout-webhook.service';
import { PayoutOverviewService } from './read/payout-overview.service';
import { PayoutReconciler } from './lifecycle/payout-reconciler.service';
import { PayoutSender } from './lifecycle/payout-sender.service';
import { PayoutStateService } from './lifecycle/payout-state.service';
import { PayoutService } from './lifecycle/payout.service';
import { PAYOUT_APPROVAL_POLICIES, PAYOUT_PROTOCOLS, PAYOUTS_EVENTS, PAYOUTS_FUNDS, PAYOUTS_HTTP_SETTINGS, PAYOUTS_POLLING } from './payouts.constants';
import { ChannelFundsRepository } from './funds/channel-funds.repository';
import { FundsGate } from './funds/funds-gate.service';
import { buildFundsSettings } from './funds/funds-settings';
import { QueueReleaser } from './reconciliation/queue-releaser.service';
import { compilePolicies } from './approvals/approval-policy';
import { ApprovalRepository } from './approvals/approval.repository';
import { OperatorActions } from './approvals/operator-actions.service';
import { PublicUrlCheck } from './webhooks/public-url.check';
import { BootChecks } from './persistence/boot-checks';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, OPTIONS_TYPE, PAYOUTS_MODULE_OPTIONS } from './payouts.module-definition';
import {
  checkOptionNames, DEFAULT_HTTP_SETTINGS, DEFAULT_POLLING, eventOptions, PayoutsHttpSettings, PayoutsModuleOptions, PollingOptions, rejectedCallbackOptions,
} from './payouts.options';
import { PAYOUT_ENTITIES } from './persistence/entities';
import { PayoutRepository } from './persistence/payout.repository';
import { PayoutReadRepository } from './read/payout-read.repository';
import { PayoutReader } from './read/payout-reader.service';
import { BUILT_IN_PROTOCOLS } from './providers/built-in-protocols';
import { DEFAULT_TIMEOUTS, HttpClient } from './providers/http-client';
import { ChannelConfig } from './providers/channel-config';
import { PayoutProtocol } from './providers/payout-protocol';
import { ChannelConfigError } from './domain/errors';
import { PayoutProviderRegistry } from './providers/provider-registry';
import { PayoutPoller } from './reconciliation/payout-poller.service';
import { RejectedCallbackLimiter } from './webhooks/rejected-callbacks';

/**
 * Payouts for a host app. The host owns TypeOrmModule.forRoot (add PAYOUT_ENTITIES and
 * PAYOUT_MIGRATIONS), ScheduleModule.forRoot and EventEmitterModule.forRoot; this module
 * registers its entities with forFeature. Not global.
 */
@Module({
  imports: [TypeOrmModule.forFeature(PAYOUT_ENTITIES), DiscoveryModule],
  providers: [
    ...BUILT_IN_PROTOCOLS,
    {
      provide: PAYOUT_PROTOCOLS,
      inject: [PAYOUTS_MODULE_OPTIONS, ...BUILT_IN_PROTOCOLS],
      useFactory: (options: PayoutsModuleOptions, ...builtIns: PayoutProtocol[]) => [...builtIns, ...(options.protocols ?? [])],
    },
    { provide: HttpClient, useFactory: () => new HttpClient() },
    {
      provide: PAYOUTS_POLLING,
      inject: [PAYOUTS_MODULE_OPTIONS],
      useFactory: (options: PayoutsModuleOptions): PollingOptions => {
        checkOptionNames(options);
        return checkLeaseOutlastsCalls({ ...DEFAULT_POLLING, ...options.polling }, options.channels ?? []);
      },
    },
    // Checks the event settings at boot: a lease shorter than a delivery's timeout stops the app.
    { provide: PAYOUTS_EVENTS, inject: [PAYOUTS_MODULE_OPTIONS], useFactory: eventOptions },
    {
      provide: PayoutProviderRegistry,
      inject: [PAYOUTS_MODULE_OPTIONS, PAYOUT_PROTOCOLS, HttpClient, PAYOUTS_HTTP_SETTINGS, PayoutMetrics, ChannelHealthTracker],
      useFactory: (
        options: PayoutsModuleOptions,
        protocols: PayoutProtocol[],
        http: HttpClient,
        settings: PayoutsHttpSettings,
        metrics: PayoutMetrics,
        health: ChannelHealthTracker,
      ) => {
        const base = (options.publicBaseUrl ?? '').replace(/\/+$/, '');
        return new PayoutProviderRegistry(options.channels ?? [], protocols, http, (code) => `${base}/${settings.prefix}/webhooks/${code}`, (call) => {
          metrics.gatewayCall(call);
          health.record(call);
        });
      },
    },
    {
      provide: PAYOUT_APPROVAL_POLICIES,
      inject: [PAYOUTS_MODULE_OPTIONS],
      // Checked at boot: a policy for an unknown channel or an amount that does not parse stops the app.
      useFactory: (options: PayoutsModuleOptions) => compilePolicies(options.approvals, options.channels ?? []),
    },
    // Checked at boot: a funds option a channel cannot honour stops the app, naming the channel.
    { provide: PAYOUTS_FUNDS, inject: [PAYOUTS_MODULE_OPTIONS, PayoutProviderRegistry], useFactory: buildFundsSettings },
    {
      provide: RejectedCallbackLimiter,
      inject: [PAYOUTS_MODULE_OPTIONS],
      // Checks the option at boot: a wrong limit stops the app rather than the first flood.
      useFactory: (options: PayoutsModuleOptions) => new RejectedCallbackLimiter(rejectedCallbackOptions(options)),
    },
    PayoutRepository,
    PayoutReadRepository,
    PayoutMetrics,
    PayoutStateGauges,
    ChannelHealthTracker,
    PayoutStateService,
    ChannelFundsRepository,
    FundsGate,
    QueueReleaser,
    PayoutSender,
    ApprovalRepository,
    OperatorActions,
    PayoutReconciler,
    PublicUrlCheck,
    BootChecks,
    PayoutReader,
    PayoutService,
    PayoutWebhookService,
    PayoutOverviewService,
    ChannelInfoService,
    PayoutPoller,
    PayoutOutboxRepository,
    EventHandlerDiscovery,
    InProcessEventPublisher,
    OutboxDispatcher,
    OutboxPurger,
    PayoutEventGauges,
    PayoutsApiGuard,
    PayoutBatchRepository,
    BatchCompletion,
    PayoutBatchReader,
    PayoutBatchService,
  ],
  exports: [
    PayoutService,
    PayoutBatchService,
    OperatorActions,
    PayoutOverviewService,
    ChannelInfoService,
    PayoutProviderRegistry,
    PayoutPoller,
    OutboxDispatcher,
    PayoutMetrics,
    ChannelHealthTracker,
  ],
})
export class PayoutsModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(private readonly http: HttpClient) {
    super();
  }

  static forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withHttp(super.forRoot(options), options.http);
  }

  static forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withHttp(super.forRootAsync(options), options.http);
  }

  onApplicationShutdown(): void {
    this.http.close();
  }
}

/**
 * Every gateway call is made under a lease that outlasts it (taken right before it, or a claim
 * that still covers it): a call that can take longer than the lease would let another instance
 * work the payout while the call is still in flight.
 */
function checkLeaseOutlastsCalls(polling: PollingOptions, channels: readonly ChannelConfig[]): PollingOptions {
  for (const channel of channels) {
    const { connectMs, responseMs } = { ...DEFAULT_TIMEOUTS, ...channel?.timeouts };
    if (connectMs + responseMs >= polling.leaseMs) {
      throw new ChannelConfigError(
        channel.code,
        'timeouts',
        `connectMs + responseMs (${connectMs} + ${responseMs} ms) must be shorter than polling.leaseMs (${polling.leaseMs} ms): raise leaseMs or lower the timeouts`,
      );
    }
  }
  return polling;
}

/** Mounts the controllers under the chosen prefix, or none at all; the dashboard only when asked for. */
function withHttp(module: DynamicModule, http: Partial<PayoutsHttpSettings> | undefined): DynamicModule {
  const trim = (path: string) => path.replace(/^\/+|\/+$/g, '');
  const given: PayoutsHttpSettings = { ...DEFAULT_HTTP_SETTINGS, ...http };
  const settings: PayoutsHttpSettings = { ...given, prefix: trim(given.prefix), dashboard: given.enabled && given.dashboard ? trim(given.dashboard) : false };
  const controllers: Type[] = [];
  const providers: DynamicModule['providers'] = [{ provide: PAYOUTS_HTTP_SETTINGS, useValue: settings }];
  if (settings.enabled) {
    // Batches first: express matches routes in order, and `<prefix>/:id` would take `<prefix>/batches`.
    controllers.push(mountedAt(PayoutBatchesController, `${settings.prefix}/batches`));
    providers.push(CsvBodyParser);
    controllers.push(mountedAt(PayoutsController, settings.prefix), mountedAt(PayoutActionsController, settings.prefix));
    controllers.push(mountedAt(PayoutWebhooksController, `${settings.prefix}/webhooks`));
  }
  if (settings.dashboard) controllers.push(mountedAt(PayoutsDashboardController, settings.dashboard));
  return {
    ...module,
    controllers,
    providers: [...(module.providers ?? []), ...providers],
  };
}

/**
 * A controller class of this module instance's own, mounted at `path`. Routes, guards, filters,
 * OpenAPI metadata and constructor injections are inherited; the path is this subclass's alone,
 * so two module instances (or two apps in one process) with different prefixes never share one.
 */
function mountedAt<T>(base: Type<T>, path: string): Type<T> {
  const mounted = { [base.name]: class extends (base as Type) {} }[base.name];
  Controller(path)(mounted);
  return mounted as Type<T>;
}
