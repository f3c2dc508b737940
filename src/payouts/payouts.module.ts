import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PayoutWebhooksController } from './http/payout-webhooks.controller';
import { PayoutsApiGuard } from './http/payouts-api.guard';
import { PayoutsController } from './http/payouts.controller';
import { ChannelInfoService } from './channel-info.service';
import { OutboxDispatcher } from './events/outbox-dispatcher.service';
import { PayoutWebhookService } from './payout-webhook.service';
import { PayoutService } from './payout.service';
import { PAYOUT_PROTOCOLS, PAYOUTS_HTTP_SETTINGS, PAYOUTS_POLLING } from './payouts.constants';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, OPTIONS_TYPE, PAYOUTS_MODULE_OPTIONS } from './payouts.module-definition';
import { DEFAULT_HTTP_SETTINGS, DEFAULT_POLLING, PayoutsHttpSettings, PayoutsModuleOptions, PollingOptions } from './payouts.options';
import { PAYOUT_ENTITIES } from './persistence/entities';
import { PayoutRepository } from './persistence/payout.repository';
import { BUILT_IN_PROTOCOLS } from './providers/built-in-protocols';
import { HttpClient } from './providers/http-client';
import { PayoutProtocol } from './providers/payout-provider';
import { PayoutProviderRegistry } from './providers/provider-registry';
import { PayoutPoller } from './reconciliation/payout-poller.service';

/**
 * Payouts for a host app. The host owns TypeOrmModule.forRoot (add PAYOUT_ENTITIES and
 * PAYOUT_MIGRATIONS), ScheduleModule.forRoot and EventEmitterModule.forRoot; this module
 * registers its entities with forFeature. Not global.
 */
@Module({
  imports: [TypeOrmModule.forFeature(PAYOUT_ENTITIES)],
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
      useFactory: (options: PayoutsModuleOptions): PollingOptions => ({ ...DEFAULT_POLLING, ...options.polling }),
    },
    {
      provide: PayoutProviderRegistry,
      inject: [PAYOUTS_MODULE_OPTIONS, PAYOUT_PROTOCOLS, HttpClient, PAYOUTS_HTTP_SETTINGS],
      useFactory: (options: PayoutsModuleOptions, protocols: PayoutProtocol[], http: HttpClient, settings: PayoutsHttpSettings) => {
        const base = (options.publicBaseUrl ?? '').replace(/\/+$/, '');
        return new PayoutProviderRegistry(options.channels ?? [], protocols, http, (code) => `${base}/${settings.prefix}/webhooks/${code}`);
      },
    },
    PayoutRepository,
    PayoutService,
    PayoutWebhookService,
    ChannelInfoService,
    PayoutPoller,
    OutboxDispatcher,
    PayoutsApiGuard,
  ],
  exports: [PayoutService, ChannelInfoService, PayoutProviderRegistry, PayoutPoller, OutboxDispatcher],
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

/** Mounts the controllers under the chosen prefix, or none at all. */
function withHttp(module: DynamicModule, http: Partial<PayoutsHttpSettings> | undefined): DynamicModule {
  const settings: PayoutsHttpSettings = { ...DEFAULT_HTTP_SETTINGS, ...http };
  const prefix = settings.prefix.replace(/^\/+|\/+$/g, '');
  if (settings.enabled) {
    Reflect.defineMetadata(PATH_METADATA, prefix, PayoutsController);
    Reflect.defineMetadata(PATH_METADATA, `${prefix}/webhooks`, PayoutWebhooksController);
  }
  return {
    ...module,
    controllers: settings.enabled ? [PayoutsController, PayoutWebhooksController] : [],
    providers: [...(module.providers ?? []), { provide: PAYOUTS_HTTP_SETTINGS, useValue: { ...settings, prefix } }],
  };
}
