/**
 * The operations dashboard in a real browser, against the real example app (`node dist/example/main.js`,
 * what `npm start` runs) with its in-process sandbox gateways and a fresh SQLite file.
 *
 * Run with `npm run test:browser` (builds first). Needs Debian's Chromium at /usr/bin/chromium;
 * playwright-core never downloads a browser.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const STATUSES = ['PENDING_APPROVAL', 'QUEUED', 'CREATED', 'PROCESSING', 'UNKNOWN', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REVERSED'] as const;
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
  /** Over APPROVAL_OVER on paypro-idn: the payout waits for an approval. */
  amount?: string;
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
  // Over the approval threshold: approved, rejected and cancelled through the dashboard below.
  { key: 'appr-yes', channel: 'paypro-idn', name: 'Hendra Gunawan', amount: '25000000', expected: 'PENDING_APPROVAL' },
  { key: 'appr-no', channel: 'paypro-idn', name: 'Rudi Hartono', amount: '30000000', expected: 'PENDING_APPROVAL' },
  { key: 'appr-race', channel: 'paypro-idn', name: 'Wati Susanti', amount: '12000000', expected: 'PENDING_APPROVAL' },
];
/** The approval policy the app starts with: over 10,000,000 IDR on paypro-idn needs one approval. */
const APPROVAL_OVER = '10000000';
/** Keys with roles beside the app's own admin key (principal "api-key", the creator of every seed). */
const APPROVER = { id: 'finance-lead', key: `approver-key-${RUN}-0123456789`, roles: ['approver'] };
const VIEWER = { id: 'auditor', key: `viewer-key-${RUN}-0123456789`, roles: ['viewer'] };

let app: RunningApp;
let dataDir: string;
/** The key the example app made on its first start (closed by default). */
let apiKey: string;
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
    headers: { 'x-api-key': apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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

/** A browser context whose tabs start with this API key stored (the app's own unless given), as after entering it; null for none. */
async function newContext(key: string | null = apiKey): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'en-US' });
  if (key !== null) await ctx.addInitScript((stored) => {
      (globalThis as unknown as { sessionStorage: { setItem(name: string, value: string): void } }).sessionStorage.setItem('payouts-dashboard.api-key', stored);
    }, key);
  return ctx;
}

async function numberAt(selector: string): Promise<number> {
  const text = (await page.textContent(selector)) ?? '';
  return Number(text.replace(/[^\d.-]/g, ''));
}

async function openDetailByHash(id: string, target: Page = page): Promise<void> {
  await target.evaluate((payoutId) => {
    location.hash = `#payout/${encodeURIComponent(payoutId)}`;
  }, id);
  await target.waitForFunction(
    (payoutId) => {
      const section = document.querySelector('#detail');
      return !!section && !section.hidden && !!document.querySelector('#detail-body .fields') &&
        (document.querySelector('#detail-body .fields')?.textContent ?? '').includes(payoutId);
    },
    id,
    { timeout: UI_TIMEOUT_MS },
  );
}

/** A dashboard tab of its own with this key, watched like the main one, once its counts are shown. */
async function openDashboard(key: string): Promise<{ ctx: BrowserContext; page: Page; problems: string[]; external: string[] }> {
  const ctx = await newContext(key);
  const external: string[] = [];
  const sink: string[] = [];
  await blockExternal(ctx, external);
  const p = await ctx.newPage();
  watch(p, sink, external);
  await p.goto(`${app.baseUrl}/dashboard`);
  await p.waitForSelector('#counts-table tbody tr[data-status="SUCCEEDED"]', { timeout: UI_TIMEOUT_MS });
  return { ctx, page: p, problems: sink, external };
}

/** The action buttons the open payout's detail offers, by their text. */
function actionButtons(p: Page): Promise<string[]> {
  return p.$$eval('#detail-body #detail-actions .action-buttons button', (buttons: BrowserElement[]) => buttons.map((b) => b.textContent ?? ''));
}

interface HistoryBody {
  payout: { status: string; attention: boolean; failure: { code: string; message: string | null } | null };
  approval: { required: number; createdBy: string; approvedBy: string[]; rejectedBy: string[] } | null;
  audit: { at: string; action: string; principal: string; address: string | null; note: string | null }[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-dashboard-'));
  const sqlitePath = join(dataDir, 'payouts.sqlite');
  const port = await freePort();
  const keyFile = join(dataDir, 'api-key');
  app = await startExampleApp(
    {
      PORT: String(port), SQLITE_PATH: sqlitePath, PAYOUTS_API_KEY_FILE: keyFile, SANDBOX_COMPLETE_AFTER_MS: '300', SANDBOX_DEMO: '0',
      PAYOUTS_APPROVALS: JSON.stringify({ 'paypro-idn': { thresholds: [{ over: APPROVAL_OVER, approvals: 1 }] } }),
      PAYOUTS_API_KEYS: JSON.stringify([APPROVER, VIEWER]),
    },
    '/health',
  );
  apiKey = readFileSync(keyFile, 'utf8').trim();

  // Seed through the public API, on four channels; the beneficiary names steer the sandbox's outcomes.
  for (const seed of SEEDS) {
    const merchantReference = `ui-${RUN}-${seed.key}`;
    const body = {
      ...sandboxRequest(seed.channel, merchantReference, seed.name),
      ...(seed.remark ? { remark: seed.remark } : {}),
      ...(seed.amount ? { amount: seed.amount } : {}),
    };
    const res = await api<{ id: string; status: string }>('POST', '/payouts', body);
    if (res.status !== 201) throw new Error(`POST /payouts for ${seed.key} answered ${res.status}: ${JSON.stringify(res.body)}`);
    seeded.set(seed.key, { ...seed, id: res.body.id, merchantReference });
  }

  // Wait until the sandbox has completed each one and its callback (or the poller) has settled it;
  // those over the threshold are never sent, and wait.
  for (const s of seeded.values()) {
    if (s.expected === 'PENDING_APPROVAL') {
      const held = await api<{ status: string }>('GET', `/payouts/${s.id}`);
      if (held.body.status !== 'PENDING_APPROVAL') throw new Error(`${s.key} is ${held.body.status}, over the approval threshold it should wait`);
      continue;
    }
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

describe('the example app, closed by default', () => {
  it('made a key on its first start, printed it with a curl line that uses it, and refuses requests without it', async () => {
    expect(apiKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(app.output()).toContain(`API key (x-api-key, kept in`);
    expect(app.output()).toContain(apiKey);
    // The app logs JSON lines (pino): the curl line's double quotes come escaped.
    expect(app.output()).toMatch(/curl -s -X POST \S+\/payouts .*-H \\?"x-api-key: \$\(cat [^)]*api-key\)\\?"/);
    const refused = await fetch(`${app.baseUrl}/payouts`);
    expect(refused.status).toBe(401);
    expect((await api('GET', '/payouts')).status).toBe(200);
  });
});

describe('the dashboard under failure', () => {
  it('asks for the API key on 401, keeps it for the tab and sends it as x-api-key', async () => {
    const ctx = await newContext(null);
    try {
      await blockExternal(ctx, []);
      const KEY = apiKey;
      const sentKeys: string[] = [];
      ctx.on('request', (request) => {
        const given = request.headers()['x-api-key'];
        if (given !== undefined) sentKeys.push(given);
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

// Last: these actions change what the tests above count and show (the approval and attention queues empty).
describe('approvals and operator actions in the dashboard', () => {
  const WAITING = ['appr-yes', 'appr-no', 'appr-race'];
  const detailTitled = (p: Page, ref: string) =>
    p.waitForFunction((r) => document.querySelector('#detail-title')?.textContent === r && !!document.querySelector('#detail-body .fields'), ref, { timeout: UI_TIMEOUT_MS });
  const statusOf = async (id: string) => (await api<{ status: string }>('GET', `/payouts/${id}`)).body.status;

  it('shows a viewer the approval queue with names masked, and no action buttons', async () => {
    const tab = await openDashboard(VIEWER.key);
    try {
      const p = tab.page;
      const waiting = WAITING.map((key) => seeded.get(key)!);
      await p.waitForFunction((n) => document.querySelectorAll('#approvals-table tbody tr[data-id]').length === n, waiting.length, { timeout: UI_TIMEOUT_MS });
      const ids = await p.$$eval('#approvals-table tbody tr[data-id]', (rows: BrowserElement[]) => rows.map((r) => r.dataset.id));
      expect(ids.sort()).toEqual(waiting.map((s) => s.id).sort());
      expect(await p.textContent('#approvals-count')).toBe(String(waiting.length));
      expect(await p.textContent('#whoami')).toContain(VIEWER.id);

      // Names masked for a viewer, in the queue and in the list.
      const queue = (await p.textContent('#approvals-table')) ?? '';
      expect(queue).toContain('H***** G******');
      expect(queue).not.toContain('Hendra Gunawan');
      await p.waitForSelector('#payouts-table tbody tr[data-id]', { timeout: UI_TIMEOUT_MS });
      const list = (await p.textContent('#payouts-table')) ?? '';
      expect(list).toContain('B*** S******');
      expect(list).not.toContain('Budi Santoso');

      // A waiting payout, opened from its queue row: its approval state, and nothing to press.
      await p.click(`#approvals-table tbody tr[data-id="${waiting[0].id}"] a`);
      await detailTitled(p, waiting[0].merchantReference);
      expect(await p.textContent('#detail-approval')).toContain('api-key');
      expect(await p.textContent('#detail-body .fields')).toContain('H***** G******');
      expect(await p.locator('#detail-body button, #detail-actions').count()).toBe(0);
      // Nor on the flagged one.
      await openDetailByHash(seeded.get('idn-ok-1')!.id, p);
      expect(await p.locator('#detail-body .attention-note').count()).toBe(1);
      expect(await p.locator('#detail-body button, #detail-actions').count()).toBe(0);
      expect(tab.external).toEqual([]);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.ctx.close();
    }
  }, TEST_TIMEOUT_MS);

  it('lets an approver approve a payout from the queue after confirming; it is sent, and the audit names the approver', async () => {
    const target = seeded.get('appr-yes')!;
    const NOTE = 'checked with finance (test)';
    const tab = await openDashboard(APPROVER.key);
    try {
      const p = tab.page;
      const row = p.locator(`#approvals-table tbody tr[data-id="${target.id}"]`);
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      await row.locator('td.nowrap').click(); // the row itself opens the detail
      await detailTitled(p, target.merchantReference);
      expect(await actionButtons(p)).toEqual(['Approve', 'Reject']);
      expect(await p.textContent('#detail-approval')).toContain('api-key');

      // The button only asks; nothing is sent before the confirmation.
      await p.getByRole('button', { name: 'Approve', exact: true }).click();
      const form = p.locator('form.action-confirm[data-action="approve"]');
      await form.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await form.textContent()).toContain('sent to paypro-idn');
      expect(await statusOf(target.id)).toBe('PENDING_APPROVAL');
      await form.getByLabel('Note').fill(NOTE);
      const dir = join(REPO_ROOT, 'data', 'screenshots');
      mkdirSync(dir, { recursive: true });
      await p.screenshot({ path: join(dir, 'dashboard-approve.png'), fullPage: true });
      await form.getByRole('button', { name: 'Confirm approval' }).click();

      const notice = p.locator('#detail-actions .action-notice.done');
      await notice.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await notice.textContent()).toContain(`Approved by ${APPROVER.id}`);
      // Reloaded after the action: it has left the queue, offers nothing more, and its audit trail shows the approval.
      await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      expect(await p.locator('#detail-actions .action-buttons').count()).toBe(0);
      const audit = await p.$$eval('#detail-audit tbody tr', (rows: BrowserElement[]) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).slice(1).map((td) => td.textContent)));
      expect(audit).toEqual(expect.arrayContaining([['create', 'api-key', '—'], ['approve', APPROVER.id, NOTE], ['release', APPROVER.id, NOTE]]));

      // By the REST API: it left PENDING_APPROVAL and was sent, and the audit names the approver.
      const sent = await until(`${target.key} to be sent`, async () => {
        const status = await statusOf(target.id);
        return status === 'PROCESSING' || FINAL.has(status) ? status : undefined;
      }, 30_000);
      expect(['PROCESSING', 'SUCCEEDED']).toContain(sent);
      const history = await api<HistoryBody>('GET', `/payouts/${target.id}/history`);
      expect(history.body.approval).toEqual({ required: 1, createdBy: 'api-key', approvedBy: [APPROVER.id], rejectedBy: [] });
      expect(history.body.audit).toEqual(expect.arrayContaining([
        expect.objectContaining({ action: 'approve', principal: APPROVER.id, note: NOTE }),
        expect.objectContaining({ action: 'release', principal: APPROVER.id }),
      ]));
      expect(history.body.audit.filter((a) => a.action === 'release')).toHaveLength(1);
      // The sandbox completes it like any other.
      target.expected = await until(`${target.key} to settle`, async () => {
        const status = await statusOf(target.id);
        return FINAL.has(status) ? (status as Seed['expected']) : undefined;
      }, 45_000);
      expect(target.expected).toBe('SUCCEEDED');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.ctx.close();
    }
  }, TEST_TIMEOUT_MS);

  it('lets an approver reject a payout only with a reason; it ends CANCELLED with REJECTED', async () => {
    const target = seeded.get('appr-no')!;
    const REASON = 'beneficiary not verified (test)';
    const tab = await openDashboard(APPROVER.key);
    try {
      const p = tab.page;
      await openDetailByHash(target.id, p);
      await p.getByRole('button', { name: 'Reject', exact: true }).click();
      const form = p.locator('form.action-confirm[data-action="reject"]');
      await form.waitFor({ timeout: UI_TIMEOUT_MS });

      // Without a reason, the page says so and sends nothing.
      await form.getByRole('button', { name: 'Confirm rejection' }).click();
      await form.locator('.error').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await form.locator('.error').textContent()).toContain('reason is required');
      expect(await statusOf(target.id)).toBe('PENDING_APPROVAL');

      await form.getByLabel('Reason').fill(REASON);
      await form.getByRole('button', { name: 'Confirm rejection' }).click();
      const notice = p.locator('#detail-actions .action-notice.done');
      await notice.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await notice.textContent()).toContain(`Rejected by ${APPROVER.id}`);
      expect(await p.getAttribute('#detail-body .detail-status [data-status]', 'data-status')).toBe('CANCELLED');
      expect(await p.textContent('#detail-body .failure-note')).toContain('REJECTED');
      expect(await p.locator('#detail-actions .action-buttons').count()).toBe(0);
      await p.locator(`#approvals-table tbody tr[data-id="${target.id}"]`).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

      const history = await api<HistoryBody>('GET', `/payouts/${target.id}/history`);
      expect(history.body.payout.status).toBe('CANCELLED');
      expect(history.body.payout.failure?.code).toBe('REJECTED');
      expect(history.body.audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'reject', principal: APPROVER.id, note: REASON })]));
      target.expected = 'CANCELLED';
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.ctx.close();
    }
  }, TEST_TIMEOUT_MS);

  it("shows the server's refusal (409) in the page when the payout changed meanwhile, and reloads it", async () => {
    const target = seeded.get('appr-race')!;
    const tab = await openDashboard(apiKey);
    try {
      const p = tab.page;
      await openDetailByHash(target.id, p);
      // The admin key created it: it may reject or cancel it, never approve it.
      expect(await actionButtons(p)).toEqual(['Reject', 'Cancel payout']);
      expect(await p.textContent('#detail-actions .action-hint')).toContain('someone else must approve it');
      await p.getByRole('button', { name: 'Cancel payout', exact: true }).click();
      const form = p.locator('form.action-confirm[data-action="cancel"]');
      await form.waitFor({ timeout: UI_TIMEOUT_MS });

      // Meanwhile, someone else cancels it.
      expect((await api('POST', `/payouts/${target.id}/cancel`, { note: 'cancelled elsewhere (test)' })).status).toBe(200);
      await form.getByRole('button', { name: 'Confirm cancellation' }).click();
      const refused = p.locator('#detail-actions .action-notice.refused');
      await refused.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await refused.textContent()).toContain('only a payout never sent can be cancelled');
      expect(await refused.getAttribute('role')).toBe('alert');
      expect(await p.getAttribute('#detail-body .detail-status [data-status]', 'data-status')).toBe('CANCELLED');
      expect(await p.locator('#detail-actions .action-buttons').count()).toBe(0);
      target.expected = 'CANCELLED';
      // The refusal is the only thing that went wrong in the page (Chromium logs the 409 as well).
      const refusedUrl = `${app.baseUrl}/payouts/${target.id}/cancel`;
      expect(tab.problems).toContain(`HTTP 409: POST ${refusedUrl}`);
      expect(tab.problems.filter((line) => !line.includes(refusedUrl))).toEqual([]);
    } finally {
      await tab.ctx.close();
    }
  }, TEST_TIMEOUT_MS);

  it('lets the admin acknowledge the flagged payout with a note; the attention flag clears', async () => {
    const flagged = seeded.get('idn-ok-1')!;
    const NOTE = 'reconciled with the gateway (test)';
    const tab = await openDashboard(apiKey);
    try {
      const p = tab.page;
      const row = p.locator(`#attention-table tbody tr[data-id="${flagged.id}"]`);
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      await row.getByRole('link').click();
      await detailTitled(p, flagged.merchantReference);
      expect(await actionButtons(p)).toEqual(['Acknowledge']);
      await p.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      const form = p.locator('form.action-confirm[data-action="acknowledge"]');
      await form.getByLabel('Note').fill(NOTE);
      await form.getByRole('button', { name: 'Confirm acknowledgement' }).click();

      const notice = p.locator('#detail-actions .action-notice.done');
      await notice.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await notice.textContent()).toContain('Acknowledged by api-key');
      await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      await p.locator('#attention-empty').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await p.locator('#detail-body .attention-note').count()).toBe(0);
      await p.waitForFunction(() => (document.querySelector('#kpis [data-kpi="attention"] .kpi-value')?.textContent ?? '') === '0', undefined, { timeout: UI_TIMEOUT_MS });

      const history = await api<HistoryBody>('GET', `/payouts/${flagged.id}/history`);
      expect(history.body.payout.attention).toBe(false);
      expect(history.body.audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'acknowledge', principal: 'api-key', note: NOTE })]));
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.ctx.close();
    }
  }, TEST_TIMEOUT_MS);
});
