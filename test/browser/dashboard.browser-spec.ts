/**
 * The operations dashboard in a real browser, against the real example app (`node dist/example/main.js`,
 * what `npm start` runs) with its in-process sandbox gateways and a fresh SQLite file.
 *
 * Run with `npm run test:browser` (builds first). Needs Debian's Chromium at /usr/bin/chromium;
 * playwright-core never downloads a browser.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, Request, chromium } from 'playwright-core';
import { sandboxRequest } from '../../src/example/sample-payouts';
import { REPO_ROOT, RunningApp, freePort, startExampleApp } from './app-process';

/*
 * The callbacks given to page.evaluate and friends run in the browser. This project compiles
 * without the DOM library, so the little of it they use is declared here, for this file only.
 */
interface BrowserElement {
  hidden: boolean;
  open: boolean;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
}
declare const document: { querySelector(selector: string): BrowserElement | null; querySelectorAll(selector: string): ArrayLike<BrowserElement> };
declare const location: { hash: string };
declare const sessionStorage: Record<string, string>;

const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const BOOT_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 90_000;
const UI_TIMEOUT_MS = 20_000;

const STATUSES = ['CREATED', 'PROCESSING', 'UNKNOWN', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED'] as const;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED']);
const ATTENTION_REASON = 'amount mismatch (test)';
const HOSTILE_REMARK = '<img src=x onerror=alert(1)>';
const HOSTILE_NAME = '<b>Rina</b> Wijaya';
/** The full account numbers sent in test/support/sandbox-requests.ts, per channel, and their masked form. */
const ACCOUNTS: Record<string, { full: string; masked: string }> = {
  'paypro-idn': { full: '1234567890', masked: '******7890' },
  'vexora-idn': { full: '1234567890', masked: '******7890' },
  'paypro-mex': { full: '646180157000000004', masked: '**************0004' },
  'cashy-per': { full: '00219400254640654321', masked: '****************4321' },
};

interface Seed {
  key: string;
  channel: string;
  name: string;
  remark?: string;
  /** What the sandbox's outcome rule makes of the name (src/sandbox/core/order-engine.ts, planFromName). */
  expected: (typeof STATUSES)[number];
}

interface Seeded extends Seed {
  id: string;
  merchantReference: string;
}

/** Equal-length references, so that none is the start of another (search matches prefixes). */
const RUN = Date.now().toString(36).slice(-6);
const SEEDS: Seed[] = [
  { key: 'idn-ok-1', channel: 'paypro-idn', name: 'Budi Santoso', expected: 'SUCCEEDED' },
  { key: 'idn-ok-2', channel: 'paypro-idn', name: 'Dewi Lestari', remark: HOSTILE_REMARK, expected: 'SUCCEEDED' },
  { key: 'idn-ok-3', channel: 'paypro-idn', name: HOSTILE_NAME, expected: 'SUCCEEDED' },
  { key: 'idn-fail', channel: 'paypro-idn', name: 'Agus FAIL', expected: 'FAILED' },
  { key: 'per-ok-1', channel: 'cashy-per', name: 'Juan Perez', expected: 'SUCCEEDED' },
  { key: 'per-ok-2', channel: 'cashy-per', name: 'Rosa Quispe', expected: 'SUCCEEDED' },
  { key: 'per-cncl', channel: 'cashy-per', name: 'Luis CANCEL', expected: 'CANCELLED' },
  { key: 'vex-ok-1', channel: 'vexora-idn', name: 'Siti Aminah', expected: 'SUCCEEDED' },
  { key: 'mex-fail', channel: 'paypro-mex', name: 'Juan FAIL Garcia', expected: 'FAILED' },
];

let app: RunningApp;
let dataDir: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const seeded = new Map<string, Seeded>();
/** What went wrong in the main page: console errors, page errors, failed or refused requests, dialogs. */
const problems: string[] = [];
const externalRequests: string[] = [];

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function expectedCounts(): { byStatus: Record<string, number>; byCell: Record<string, number>; total: number } {
  const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  const byCell: Record<string, number> = {};
  for (const s of seeded.values()) {
    byStatus[s.expected] += 1;
    byCell[`${s.expected}/${s.channel}`] = (byCell[`${s.expected}/${s.channel}`] ?? 0) + 1;
  }
  return { byStatus, byCell, total: seeded.size };
}

function watch(target: Page, sink: string[], external: string[]): void {
  target.on('console', (msg) => {
    if (msg.type() === 'error') sink.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  target.on('pageerror', (error) => sink.push(`page error: ${error.message}`));
  target.on('dialog', (dialog) => {
    sink.push(`dialog opened (script ran from data?): ${dialog.message()}`);
    void dialog.dismiss();
  });
  target.on('requestfailed', (request: Request) => {
    if (!external.includes(request.url())) sink.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  target.on('response', (response) => {
    if (response.status() >= 400) sink.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
}

/** Refuses every request that leaves the app's origin, and records it. */
async function blockExternal(ctx: BrowserContext, external: string[]): Promise<void> {
  await ctx.route(
    (url) => url.origin !== new URL(app.baseUrl).origin,
    async (route) => {
      external.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
}

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'en-US' });
}

async function numberAt(selector: string): Promise<number> {
  const text = (await page.textContent(selector)) ?? '';
  return Number(text.replace(/[^\d.-]/g, ''));
}

async function openDetailByHash(id: string): Promise<void> {
  await page.evaluate((payoutId) => {
    location.hash = `#payout/${encodeURIComponent(payoutId)}`;
  }, id);
  await page.waitForFunction(
    (payoutId) => {
      const section = document.querySelector('#detail');
      return !!section && !section.hidden && !!document.querySelector('#detail-body .fields') &&
        (document.querySelector('#detail-body .fields')?.textContent ?? '').includes(payoutId);
    },
    id,
    { timeout: UI_TIMEOUT_MS },
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-dashboard-'));
  const sqlitePath = join(dataDir, 'payouts.sqlite');
  const port = await freePort();
  app = await startExampleApp({ PORT: String(port), SQLITE_PATH: sqlitePath, SANDBOX_COMPLETE_AFTER_MS: '300', SANDBOX_DEMO: '0' });

  // Seed through the public API, on four channels; the beneficiary names steer the sandbox's outcomes.
  for (const seed of SEEDS) {
    const merchantReference = `ui-${RUN}-${seed.key}`;
    const body = { ...sandboxRequest(seed.channel, merchantReference, seed.name), ...(seed.remark ? { remark: seed.remark } : {}) };
    const res = await api<{ id: string; status: string }>('POST', '/payouts', body);
    if (res.status !== 201) throw new Error(`POST /payouts for ${seed.key} answered ${res.status}: ${JSON.stringify(res.body)}`);
    seeded.set(seed.key, { ...seed, id: res.body.id, merchantReference });
  }

  // Wait until the sandbox has completed each one and its callback (or the poller) has settled it.
  for (const s of seeded.values()) {
    const status = await until(`${s.key} to settle`, async () => {
      const res = await api<{ status: string }>('GET', `/payouts/${s.id}`);
      return FINAL.has(res.body.status) ? res.body.status : undefined;
    }, 45_000);
    if (status !== s.expected) throw new Error(`${s.key} ended ${status}, the sandbox rule says ${s.expected}`);
  }

  // Test setup, not a product path: flag one payout for attention straight in the database.
  const db = new Database(sqlitePath);
  try {
    db.pragma('busy_timeout = 5000');
    const flagged = seeded.get('idn-ok-1')!;
    const changed = db.prepare("UPDATE payouts SET attention = 1, attention_reason = 'amount mismatch (test)' WHERE id = ?").run(flagged.id);
    if (changed.changes !== 1) throw new Error(`Could not flag ${flagged.id}`);
  } finally {
    db.close();
  }

  browser = await chromium.launch(CHROMIUM);
  context = await newContext();
  await blockExternal(context, externalRequests);
  page = await context.newPage();
  watch(page, problems, externalRequests);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('operations dashboard (/dashboard) in Chromium', () => {
  it('is served with its Content-Security-Policy and shows the counts by status and channel', async () => {
    const response = await page.goto(`${app.baseUrl}/dashboard`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('#counts-table tbody tr[data-status="SUCCEEDED"]', { timeout: UI_TIMEOUT_MS });

    const expected = expectedCounts();
    for (const status of STATUSES) {
      expect({ status, count: await numberAt(`#counts-table tbody tr[data-status="${status}"] td[data-total="status"]`) })
        .toEqual({ status, count: expected.byStatus[status] });
    }
    for (const s of seeded.values()) {
      const cell = `#counts-table tbody tr[data-status="${s.expected}"] td[data-channel="${s.channel}"]`;
      expect({ cell, count: await numberAt(cell) }).toEqual({ cell, count: expected.byCell[`${s.expected}/${s.channel}`] });
    }
    expect(await numberAt('#counts-table tfoot td[data-total="all"]')).toBe(expected.total);
    expect(await numberAt('#kpis [data-kpi="succeeded"] .kpi-value')).toBe(expected.byStatus.SUCCEEDED);
    expect(await numberAt('#kpis [data-kpi="attention"] .kpi-value')).toBe(1);
    // Real table semantics: column headers and a row header per status.
    expect(await page.$$eval('#counts-table thead th[scope="col"]', (ths: BrowserElement[]) => ths.map((th) => th.textContent))).toEqual(
      expect.arrayContaining(['Status', 'paypro-idn', 'cashy-per', 'vexora-idn', 'paypro-mex', 'Total']),
    );
  }, TEST_TIMEOUT_MS);

  it('draws the stacked bar chart with a legend and axis labels', async () => {
    await page.waitForSelector('#chart svg rect.bar', { timeout: UI_TIMEOUT_MS });
    const bars = await page.$$eval('#chart svg rect.bar', (rects: BrowserElement[]) =>
      rects.map((r) => ({ status: r.getAttribute('data-status'), count: Number(r.getAttribute('data-count')), height: Number(r.getAttribute('height')) })));
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) expect(bar.height).toBeGreaterThan(0);
    const drawn: Record<string, number> = {};
    for (const bar of bars) drawn[bar.status!] = (drawn[bar.status!] ?? 0) + bar.count;
    const expected = expectedCounts();
    for (const status of STATUSES) expect({ status, drawn: drawn[status] ?? 0 }).toEqual({ status, drawn: expected.byStatus[status] });
    expect(await page.$$eval('#chart-legend li', (items: BrowserElement[]) => items.map((li) => li.getAttribute('data-status')))).toEqual(
      expect.arrayContaining([...STATUSES]),
    );
    expect(await page.locator('#chart svg text.tick-label').count()).toBeGreaterThan(3);
    expect(await page.locator('#chart svg text.axis-title').count()).toBe(2);
  }, TEST_TIMEOUT_MS);

  it('lists the flagged payout in the attention queue with its reason, and its link opens it', async () => {
    const flagged = seeded.get('idn-ok-1')!;
    const row = page.locator(`#attention-table tbody tr[data-id="${flagged.id}"]`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('#attention-table tbody tr[data-id]').count()).toBe(1);
    expect(await row.textContent()).toContain(ATTENTION_REASON);
    expect(await row.textContent()).toContain(flagged.merchantReference);

    await row.getByRole('link').click();
    await page.waitForFunction((ref) => document.querySelector('#detail-title')?.textContent === ref, flagged.merchantReference, { timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('#detail-body .attention-note')).toContain(ATTENTION_REASON);
    expect(page.url()).toContain(`#payout/${flagged.id}`);
  }, TEST_TIMEOUT_MS);

  it('finds exactly one payout by its merchantReference and shows its history', async () => {
    const target = seeded.get('per-ok-1')!;
    await page.waitForSelector('#payouts-table tbody tr[data-id]', { timeout: UI_TIMEOUT_MS });
    expect(await page.locator('#payouts-table tbody tr[data-id]').count()).toBe(seeded.size);

    await page.getByLabel('Search').fill(target.merchantReference);
    await page.getByLabel('Search').press('Enter');
    await page.waitForFunction(
      (id) => {
        const rows = document.querySelectorAll('#payouts-table tbody tr[data-id]');
        return rows.length === 1 && rows[0].dataset.id === id;
      },
      target.id,
      { timeout: UI_TIMEOUT_MS },
    );
    expect(await page.textContent('#payouts-table tbody tr[data-id]')).toContain(target.merchantReference);

    await page.click(`#payouts-table tbody tr[data-id="${target.id}"]`);
    await page.waitForFunction((ref) => document.querySelector('#detail-title')?.textContent === ref && !!document.querySelector('#detail-attempts'),
      target.merchantReference, { timeout: UI_TIMEOUT_MS });

    const fields = (await page.textContent('#detail-body .fields')) ?? '';
    expect(fields).toContain(target.id);
    expect(fields).toContain('cashy-per');
    expect(fields).toContain(ACCOUNTS['cashy-per'].masked);

    // Transitions end in the final state.
    const transitions = await page.$$eval('#detail-transitions tbody tr', (rows: BrowserElement[]) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent));
    expect(transitions.length).toBeGreaterThan(0);
    expect(transitions[transitions.length - 1]).toBe('SUCCEEDED');

    // Gateway attempts: the submit, with its outcome, HTTP status and duration.
    const attempts = await page.$$eval('#detail-attempts tbody tr.attempt', (rows: BrowserElement[]) =>
      rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent)));
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.map((a) => a[1])).toContain('submit');
    const submit = attempts.find((a) => a[1] === 'submit')!;
    expect(submit[3]).toMatch(/^\d{3}$/);
    expect(submit[4]).toMatch(/\d+(\.\d+)? m?s$/);

    // The masked request is behind a collapsed <details>; opening it shows the masked account.
    const firstBodies = page.locator('#detail-attempts tr.attempt-bodies details').first();
    expect(await firstBodies.getAttribute('open')).toBeNull();
    await firstBodies.locator('summary').click();
    await firstBodies.locator('pre').first().waitFor({ state: 'visible' });
    const request = (await firstBodies.locator('pre').first().textContent()) ?? '';
    expect(request).toContain('4321');
    expect(request).not.toContain(ACCOUNTS['cashy-per'].full);

    // Callbacks: the gateway's signed notification.
    const callbacks = await page.$$eval('#detail-callbacks tbody tr.callback', (rows: BrowserElement[]) =>
      rows.map((r) => ({ outcome: r.querySelectorAll('td')[1]?.textContent, signature: r.querySelector('[data-signature]')?.getAttribute('data-signature') })));
    expect(callbacks.length).toBeGreaterThan(0);
    expect(callbacks.some((c) => c.signature === 'ok')).toBe(true);
    expect(await page.locator('#detail-callbacks tr.callback-body details').count()).toBe(callbacks.length);
  }, TEST_TIMEOUT_MS);

  it('never puts a full account number in the page, only the masked one', async () => {
    const seen: string[] = [];
    for (const channel of Object.keys(ACCOUNTS)) {
      const payout = [...seeded.values()].find((s) => s.channel === channel)!;
      await openDetailByHash(payout.id);
      // Open every collapsible body, so that nothing is left unchecked.
      await page.$$eval('#detail details', (all: BrowserElement[]) => all.forEach((d) => (d.open = true)));
      const html = await page.content();
      const { full, masked } = ACCOUNTS[channel];
      expect({ channel, fullShown: html.includes(full) }).toEqual({ channel, fullShown: false });
      expect({ channel, maskedShown: html.includes(masked) }).toEqual({ channel, maskedShown: true });
      expect(await page.textContent('#detail-body [data-field="accountNumber"]')).toBe(masked);
      seen.push(channel);
    }
    expect(seen).toHaveLength(4);
  }, TEST_TIMEOUT_MS);

  it('shows names and remarks as text, never as markup', async () => {
    const withRemark = seeded.get('idn-ok-2')!;
    await openDetailByHash(withRemark.id);
    expect(await page.textContent('#detail-body [data-field="remark"]')).toBe(HOSTILE_REMARK);
    expect(await page.locator('#detail img, #payouts-table img').count()).toBe(0);

    const withName = seeded.get('idn-ok-3')!;
    await openDetailByHash(withName.id);
    expect(await page.textContent('#detail-body .fields')).toContain(HOSTILE_NAME);
    expect(await page.locator('#detail-body .fields b').count()).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('shows a balance card per channel, with a number where the gateway has a balance', async () => {
    await page.waitForSelector('#balance-cards [data-channel]', { timeout: UI_TIMEOUT_MS });
    const channels = await api<{ code: string }[]>('GET', '/payouts/channels');
    const cards = await page.$$eval('#balance-cards [data-channel]', (els: BrowserElement[]) => els.map((e) => e.dataset.channel));
    expect(cards.sort()).toEqual(channels.body.map((c) => c.code).sort());
    for (const code of ['paypro-idn', 'cashy-per']) {
      const available = await page.textContent(`#balance-cards [data-channel="${code}"][data-state="ok"] .available`);
      expect({ code, available }).toEqual({ code, available: expect.stringMatching(/\d/) });
    }
  }, TEST_TIMEOUT_MS);

  it('auto-refreshes counts within about ten seconds, without reloading the list being read', async () => {
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Search').press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#payouts-table tbody tr[data-id]').length === n, seeded.size, { timeout: UI_TIMEOUT_MS });

    // HOLD keeps the sandbox order processing.
    const held = await api<{ id: string; status: string }>('POST', '/payouts', sandboxRequest('vexora-idn', `ui-${RUN}-vex-hold`, 'Tono HOLD'));
    expect(held.status).toBe(201);
    await page.waitForFunction(
      (total) => (document.querySelector('#counts-table tfoot td[data-total="all"]')?.textContent ?? '').replace(/\D/g, '') === String(total),
      seeded.size + 1,
      { timeout: 25_000, polling: 250 },
    );
    expect(await numberAt('#counts-table tbody tr[data-status="PROCESSING"] td[data-channel="vexora-idn"]')).toBe(1);
    expect(await page.locator('#payouts-table tbody tr[data-id]').count()).toBe(seeded.size);
  }, TEST_TIMEOUT_MS);

  it('loads nothing from elsewhere, logs no errors, and is saved as a screenshot', async () => {
    // A settled, richly documented payout open beside the list, its first gateway call expanded.
    await openDetailByHash(seeded.get('idn-ok-2')!.id);
    await page.locator('#detail-attempts tr.attempt-bodies details summary').first().click();
    await page.waitForTimeout(300);
    const dir = join(REPO_ROOT, 'data', 'screenshots');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'dashboard.png');
    await page.screenshot({ path, fullPage: true });
    process.stdout.write(`\nDashboard screenshot: ${path}\n`);

    expect(externalRequests).toEqual([]);
    expect(problems).toEqual([]);
  }, TEST_TIMEOUT_MS);
});

describe('the dashboard under failure', () => {
  it('asks for the API key on 401, keeps it for the tab and sends it as x-api-key', async () => {
    const ctx = await newContext();
    try {
      await blockExternal(ctx, []);
      const KEY = 'browser-test-key';
      const sentKeys: string[] = [];
      // The app runs without a key; this stands in for a guarded API.
      await ctx.route((url) => url.pathname.startsWith('/payouts'), async (route) => {
        const given = route.request().headers()['x-api-key'];
        if (given !== undefined) sentKeys.push(given);
        if (given === KEY) return route.continue();
        return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'A valid x-api-key header is required' }) });
      });
      const p = await ctx.newPage();
      await p.goto(`${app.baseUrl}/dashboard`);
      await p.getByLabel('API key').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await p.locator('#counts-table tbody tr').count()).toBe(0);

      await p.getByLabel('API key').fill('wrong-key');
      await p.getByRole('button', { name: 'Use key' }).click();
      await p.locator('#auth-error').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

      await p.getByLabel('API key').fill(KEY);
      await p.getByRole('button', { name: 'Use key' }).click();
      await p.waitForSelector('#counts-table tbody tr[data-status="SUCCEEDED"]', { timeout: UI_TIMEOUT_MS });
      await p.waitForSelector('#payouts-table tbody tr[data-id]', { timeout: UI_TIMEOUT_MS });
      expect(await p.locator('#auth-form').isHidden()).toBe(true);
      expect(await p.evaluate(() => Object.values({ ...sessionStorage }))).toContain(KEY);
      expect(sentKeys).toContain(KEY);

      // A reload in the same tab uses the stored key without asking.
      await p.reload();
      await p.waitForSelector('#counts-table tbody tr[data-status="SUCCEEDED"]', { timeout: UI_TIMEOUT_MS });
      expect(await p.locator('#auth-form').isHidden()).toBe(true);
    } finally {
      await ctx.close();
    }
  }, TEST_TIMEOUT_MS);

  it('shows an error line when an endpoint fails, and the rest of the page keeps working', async () => {
    const ctx = await newContext();
    try {
      await blockExternal(ctx, []);
      await ctx.route((url) => url.pathname === '/payouts/stats', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'The payouts database is unavailable; retry later' }) }));
      const p = await ctx.newPage();
      const pageErrors: string[] = [];
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.goto(`${app.baseUrl}/dashboard`);
      await p.locator('#stats-error').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await p.textContent('#stats-error')).toContain('The payouts database is unavailable');
      await p.waitForSelector('#attention-table tbody tr[data-id]', { timeout: UI_TIMEOUT_MS });
      await p.waitForSelector('#payouts-table tbody tr[data-id]', { timeout: UI_TIMEOUT_MS });
      await p.waitForSelector('#balance-cards [data-channel]', { timeout: UI_TIMEOUT_MS });
      expect(pageErrors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, TEST_TIMEOUT_MS);
});

describe('API docs (/docs)', () => {
  it('renders Swagger UI with the POST /payouts operation, from the app itself', async () => {
    const ctx = await newContext();
    const external: string[] = [];
    try {
      await blockExternal(ctx, external);
      const p = await ctx.newPage();
      const response = await p.goto(`${app.baseUrl}/docs`);
      expect(response?.status()).toBe(200);
      const operation = p.locator('.opblock.opblock-post').filter({ has: p.locator('.opblock-summary-path[data-path="/payouts"]') });
      await operation.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await operation.first().textContent()).toContain('Create a payout');
      expect(external).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, TEST_TIMEOUT_MS);
});
