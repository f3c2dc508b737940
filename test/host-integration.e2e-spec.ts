import { CallHandler, CanActivate, ExecutionContext, Injectable, INestApplication, Module, NestInterceptor, UnauthorizedException } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { map, Observable } from 'rxjs';
import request from 'supertest';
import { isPayoutsWebhook, PayoutService, PayoutsModule, PayoutStatus, signFakeCallback } from '../src/payouts';
import { FAKE_CHANNEL, freePort } from './support/test-app';
import { testDatabaseOptions } from './support/test-database';

/** A host's global bearer-token guard, with the documented one-line exemption for callbacks. */
@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (isPayoutsWebhook(context)) return true;
    if (context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization === 'Bearer host-token') return true;
    throw new UnauthorizedException('host token required');
  }
}

/** A host's global interceptor that wraps every answer as `{ data }`. */
@Injectable()
class WrapInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((data) => ({ data })));
  }
}

/** A host as a new user builds one: its own global guard and interceptor, a global prefix. */
async function startHost(publicBaseUrl: (url: string) => string): Promise<{ app: INestApplication; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  @Module({
    imports: [
      TypeOrmModule.forRoot(testDatabaseOptions()),
      ScheduleModule.forRoot(),
      PayoutsModule.forRoot({
        channels: [FAKE_CHANNEL], publicBaseUrl: publicBaseUrl(url), polling: { enabled: false }, events: { enabled: false },
        guards: [], apiKey: 'host-payouts-key', http: { dashboard: 'dashboard' },
      }),
    ],
    providers: [{ provide: APP_GUARD, useClass: BearerGuard }, { provide: APP_INTERCEPTOR, useClass: WrapInterceptor }],
  })
  class HostModule {}
  const app = await NestFactory.create(HostModule, { rawBody: true, logger: false });
  app.setGlobalPrefix('api');
  try {
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, url };
}

describe('the module inside a host with its own global guard, interceptor and prefix', () => {
  let host: { app: INestApplication; url: string };
  beforeAll(async () => {
    host = await startHost((url) => `${url}/api`);
  });
  afterAll(() => host.app.close());

  it('lets callbacks past the host guard (by the exported marker) and answers the gateway the exact bytes, unwrapped', async () => {
    const { payout } = await host.app.get(PayoutService).create({
      merchantReference: 'host-guarded-1', channel: 'fake-idr', amount: '1000.00', currency: 'IDR', beneficiary: { name: 'Budi', accountNumber: '1234567890' },
    });
    const raw = JSON.stringify({ tradeNo: payout.tradeNo, status: 'SUCCEEDED', amount: 100_000 });
    const res = await request(host.url).post('/api/payouts/webhooks/fake-idr').set('content-type', 'application/json').set('x-fake-signature', signFakeCallback(raw, 'fake-secret')).send(raw);
    expect([res.status, res.headers['content-type'], res.text]).toEqual([200, expect.stringMatching(/^text\/plain/), 'OK']);
    expect((await host.app.get(PayoutService).get(payout.id)).status).toBe(PayoutStatus.SUCCEEDED);
  });

  it('keeps the REST API behind both the host guard and the module key, and serves the dashboard page as HTML', async () => {
    await request(host.url).get('/api/payouts').set('x-api-key', 'host-payouts-key').expect(401);
    const listed = await request(host.url).get('/api/payouts').set('x-api-key', 'host-payouts-key').set('authorization', 'Bearer host-token').expect(200);
    expect(listed.body.data.items.length).toBeGreaterThan(0);
    const page = await request(host.url).get('/api/dashboard').set('authorization', 'Bearer host-token').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(/^<!doctype html>/);
  });
});

describe('a publicBaseUrl that misses the global prefix', () => {
  it('stops the boot, saying which URL to set', async () => {
    await expect(startHost((url) => url)).rejects.toThrow(/global prefix is "api".*Set publicBaseUrl to "http:\/\/127\.0\.0\.1:\d+\/api"/);
  });
});
