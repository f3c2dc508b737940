import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { PAYOUTS_HTTP_SETTINGS } from '../payouts.constants';
import { PAYOUTS_MODULE_OPTIONS } from '../payouts.module-definition';
import { PayoutsHttpSettings, PayoutsModuleOptions } from '../payouts.options';

const trim = (path: string) => path.replace(/^\/+|\/+$/g, '');

/**
 * Gateways call `<publicBaseUrl>/<prefix>/webhooks/<channel>`. Under a host's
 * `app.setGlobalPrefix('api')` the route is `/api/<prefix>/webhooks/…`: a publicBaseUrl without
 * `/api` would send every callback to a 404, silently. Checked once the app has its prefix.
 */
@Injectable()
export class PublicUrlCheck implements OnApplicationBootstrap {
  constructor(
    private readonly app: ApplicationConfig,
    @Inject(PAYOUTS_MODULE_OPTIONS) private readonly options: PayoutsModuleOptions,
    @Inject(PAYOUTS_HTTP_SETTINGS) private readonly settings: PayoutsHttpSettings,
  ) {}

  onApplicationBootstrap(): void {
    const global = trim(this.app.getGlobalPrefix());
    if (!this.settings.enabled || !global) return;
    const base = this.options.publicBaseUrl.replace(/\/+$/, '');
    const path = trim(new URL(base).pathname);
    if (path === global || path.endsWith(`/${global}`)) return;
    throw new Error(
      `The app's global prefix is "${global}", so gateways must call /${global}/${this.settings.prefix}/webhooks/<channel>; ` +
        `publicBaseUrl "${this.options.publicBaseUrl}" leads to /${path ? `${path}/` : ''}${this.settings.prefix}/webhooks/<channel>, a 404. ` +
        `Set publicBaseUrl to "${base}/${global}".`,
    );
  }
}
