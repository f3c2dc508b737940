import request from 'supertest';
import { PayoutStatus } from '../src/payouts';
import { Sandbox, SandboxChannelCode, startSandbox } from '../src/sandbox';
import { suiteDatabaseOptions } from './support/suite-database';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Each channel's rules through the REST API: a failing case answers 400 naming the field (and only
 * that field, so the case fails for the reason it claims), and a passing case answers 201. Passing
 * cases go to the sandbox gateways, which check the vendors' rules on their own: a passing case
 * must also be taken by the gateway (PROCESSING, not FAILED), with the fields the gateway expects.
 */

type Body = Record<string, unknown> & { beneficiary: Record<string, unknown> };
/** Changes to a base body; `undefined` removes a field. */
interface Patch {
  top?: Record<string, unknown>;
  beneficiary?: Record<string, unknown>;
}

const PERU: Body = {
  channel: 'cashy-per',
  amount: '150.00',
  currency: 'PEN',
  beneficiary: {
    name: 'Juan Perez',
    accountNumber: '00219400254640654321',
    accountType: 'savings',
    bankCode: '5',
    cci: '00219400254640654321',
    idType: 'DNI',
    idNumber: '12345678',
  },
};

const MEXICO: Body = {
  channel: 'paypro-mex',
  amount: '200',
  currency: 'MXN',
  beneficiary: { name: 'Juan Perez', accountNumber: '646180157000000004', accountType: 'clabe', bankCode: 'BANXICO' },
};

const bankVariant = (channel: SandboxChannelCode): Body => ({
  channel,
  amount: '150000',
  currency: 'IDR',
  beneficiary: { name: 'Budi Santoso', accountNumber: '1234567890', bankCode: '0001', phone: '081234567890', email: 'budi@example.com' },
});

/** A Peru big-four bank account: no CCI, the account number in the bank's own format. */
const bigFour = (bankCode: string, accountNumber: string, accountType = 'savings') => ({ bankCode, accountNumber, accountType, cci: undefined });

let seq = 0;
function build(base: Body, patch: Patch = {}): Body {
  return { ...base, ...patch.top, merchantReference: `rules-${++seq}-${Date.now()}`, beneficiary: { ...base.beneficiary, ...patch.beneficiary } };
}

describe('channel rules through POST /payouts', () => {
  let sandbox: Sandbox;
  let t: TestApp;

  beforeAll(async () => {
    // Orders never complete during the suite: only the create is under test.
    sandbox = await startSandbox({ basePort: 0, completeAfterMs: 600_000, timeScale: 0.001 });
    t = await createTestApp({ channels: sandbox.channels, database: await suiteDatabaseOptions('rules') });
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.close();
  });

  const simulatorOf = (body: Body) => sandbox.simulators[body.channel as SandboxChannelCode];

  async function refused(body: Body, field: string, problem: RegExp): Promise<void> {
    const simulator = simulatorOf(body);
    const createsBefore = simulator.counters.createRequests;
    const res = await request(t.url).post('/payouts').send(body);
    expect(res.status).toBe(400);
    const details = res.body.details as { field: string; problem: string }[];
    expect(details).toEqual(expect.arrayContaining([{ field, problem: expect.stringMatching(problem) }]));
    expect(details.filter((d) => d.field !== field)).toEqual([]);
    // Nothing stored, nothing sent.
    expect(await t.service.getByMerchantReference(body.merchantReference as string)).toBeNull();
    expect(simulator.counters.createRequests).toBe(createsBefore);
  }

  async function accepted(body: Body, sent: Record<string, unknown> = {}): Promise<void> {
    const res = await request(t.url).post('/payouts').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: PayoutStatus.PROCESSING, failure: null });
    const order = simulatorOf(body).ledger.order(res.body.tradeNo);
    expect(order).toBeDefined();
    expect(order!.request).toMatchObject(sent);
  }

  describe('Peru (Cashy)', () => {
    it.each<[string, Patch, string, RegExp]>([
      ['a currency other than PEN', { top: { currency: 'USD' } }, 'currency', /PEN/],
      ['more than two decimals', { top: { amount: '150.001' } }, 'amount', /at most 2 decimals/],
      ['an amount under 10.00', { top: { amount: '9.99' } }, 'amount', /between 10\.00 and 2000\.00/],
      ['an amount over 2000.00', { top: { amount: '2000.01' } }, 'amount', /between 10\.00 and 2000\.00/],
      ['bankId 15, missing from the Peru list', { beneficiary: { bankCode: '15' } }, 'beneficiary.bankCode', /Peru bankId/],
      ['bankId 29, past the Peru list', { beneficiary: { bankCode: '29' } }, 'beneficiary.bankCode', /Peru bankId/],
      ['a bank name instead of a bankId', { beneficiary: { bankCode: 'BBVA' } }, 'beneficiary.bankCode', /Peru bankId/],
      ['accountType clabe', { beneficiary: { accountType: 'clabe' } }, 'beneficiary.accountType', /checking or savings/],
      ['accountType debit_card', { beneficiary: { accountType: 'debit_card' } }, 'beneficiary.accountType', /checking or savings/],
      ['no accountType', { beneficiary: { accountType: undefined } }, 'beneficiary.accountType', /required/],
      ['no idType', { beneficiary: { idType: undefined } }, 'beneficiary.idType', /required/],
      ['a DNI of 7 digits', { beneficiary: { idNumber: '1234567' } }, 'beneficiary.idNumber', /8 digits for DNI/],
      ['a DNI of 9 digits', { beneficiary: { idNumber: '123456789' } }, 'beneficiary.idNumber', /8 digits for DNI/],
      ['a DNI with a letter', { beneficiary: { idNumber: '1234567A' } }, 'beneficiary.idNumber', /8 digits for DNI/],
      ['a RUC of 10 digits', { beneficiary: { idType: 'RUC', idNumber: '2012345678' } }, 'beneficiary.idNumber', /11 digits for RUC/],
      ['a RUC of 8 digits (a DNI)', { beneficiary: { idType: 'RUC', idNumber: '12345678' } }, 'beneficiary.idNumber', /11 digits for RUC/],
      ['BBVA (1) with 19 digits', { beneficiary: bigFour('1', '0011019200012345678') }, 'beneficiary.accountNumber', /18 or 20 digits/],
      ['BBVA (1) with 18 characters, not all digits', { beneficiary: bigFour('1', '00110192000123456X') }, 'beneficiary.accountNumber', /18 or 20 digits/],
      ['Interbank (2) with 14 digits', { beneficiary: bigFour('2', '20030012345678') }, 'beneficiary.accountNumber', /13 digits/],
      ['BCP (3) checking with 14 digits', { beneficiary: bigFour('3', '19112345678901', 'checking') }, 'beneficiary.accountNumber', /13 digits/],
      ['BCP (3) savings with 13 digits', { beneficiary: bigFour('3', '1911234567890', 'savings') }, 'beneficiary.accountNumber', /14 digits/],
      ['Scotiabank (4) with 11 digits', { beneficiary: bigFour('4', '00012345678') }, 'beneficiary.accountNumber', /10 digits/],
      ['another bank (5) without a CCI', { beneficiary: { cci: undefined } }, 'beneficiary.cci', /required \(20 digits\)/],
      ['another bank (28) without a CCI', { beneficiary: { bankCode: '28', cci: undefined } }, 'beneficiary.cci', /required \(20 digits\)/],
      ['a CCI of 19 digits', { beneficiary: { cci: '0021940025464065432' } }, 'beneficiary.cci', /20 digits/],
      ['a big-four bank with a CCI of 21 digits', { beneficiary: { ...bigFour('2', '2003001234567'), cci: '002194002546406543210' } }, 'beneficiary.cci', /20 digits/],
      ['a remark over 32 characters', { top: { remark: 'x'.repeat(33) } }, 'remark', /at most 32/],
      ['a name over 32 characters', { beneficiary: { name: 'J'.repeat(33) } }, 'beneficiary.name', /at most 32/],
    ])('refuses %s', (_title, patch, field, problem) => refused(build(PERU, patch), field, problem));

    it.each<[string, Patch, Record<string, unknown>]>([
      [
        'another bank (5) with its CCI, DNI, savings, no remark: the default remark is sent',
        {},
        { currency: 'PEN', amount: '150.00', bankId: 5, cciAccountNo: '00219400254640654321', accountType: 1, idType: '1', idCard: '12345678', remark: 'payout' },
      ],
      ['a remark of its own, sent as given', { top: { remark: 'Pago de mayo' } }, { remark: 'Pago de mayo' }],
      ['a remark of exactly 32 characters', { top: { remark: 'r'.repeat(32) } }, { remark: 'r'.repeat(32) }],
      ['the lowest amount, 10.00', { top: { amount: '10.00' } }, { amount: '10.00' }],
      ['the highest amount, 2000.00', { top: { amount: '2000.00' } }, { amount: '2000.00' }],
      ['one decimal', { top: { amount: '150.5' } }, { amount: '150.50' }],
      ['whole soles', { top: { amount: '150' } }, { amount: '150.00' }],
      ['the last bank of the list (28) with its CCI', { beneficiary: { bankCode: '28' } }, { bankId: 28 }],
      ['a checking account', { beneficiary: { accountType: 'checking' } }, { accountType: 0 }],
      ['a RUC of 11 digits', { beneficiary: { idType: 'RUC', idNumber: '20123456789' } }, { idType: '4', idCard: '20123456789' }],
      ['a passport', { beneficiary: { idType: 'PASSPORT', idNumber: 'AB1234567' } }, { idType: '2', idCard: 'AB1234567' }],
      ['BBVA (1) with 18 digits and no CCI', { beneficiary: bigFour('1', '001101920001234567') }, { bankId: 1, accountNo: '001101920001234567' }],
      ['BBVA (1) with 20 digits', { beneficiary: bigFour('1', '00110192000123456789') }, { bankId: 1, accountNo: '00110192000123456789' }],
      ['Interbank (2) with 13 digits', { beneficiary: bigFour('2', '2003001234567') }, { bankId: 2 }],
      ['BCP (3) checking with 13 digits', { beneficiary: bigFour('3', '1911234567890', 'checking') }, { bankId: 3, accountType: 0 }],
      ['BCP (3) savings with 14 digits', { beneficiary: bigFour('3', '19112345678901', 'savings') }, { bankId: 3, accountType: 1 }],
      ['Scotiabank (4) with 10 digits', { beneficiary: bigFour('4', '0001234567') }, { bankId: 4 }],
      ['a big-four bank with a CCI as well', { beneficiary: { ...bigFour('2', '2003001234567'), cci: '00219400254640654321' } }, { cciAccountNo: '00219400254640654321' }],
    ])('accepts %s', (_title, patch, sent) => accepted(build(PERU, patch), sent));

    it('lists every problem at once', async () => {
      const res = await request(t.url)
        .post('/payouts')
        .send(build(PERU, { top: { amount: '5.00' }, beneficiary: { accountType: 'clabe', idNumber: '123', cci: undefined } }))
        .expect(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(
        ['amount', 'beneficiary.accountType', 'beneficiary.cci', 'beneficiary.idNumber'].sort(),
      );
    });
  });

  describe('Mexico (Paypro)', () => {
    it.each<[string, Patch, string, RegExp]>([
      ['centavos', { top: { amount: '200.50' } }, 'amount', /whole units/],
      ['a CLABE of 17 digits', { beneficiary: { accountNumber: '64618015700000000' } }, 'beneficiary.accountNumber', /CLABE must be exactly 18 digits/],
      ['a CLABE with a letter', { beneficiary: { accountNumber: '64618015700000000A' } }, 'beneficiary.accountNumber', /CLABE must be exactly 18 digits/],
      ['a CLABE with a wrong check digit', { beneficiary: { accountNumber: '646180157000000005' } }, 'beneficiary.accountNumber', /check digit/],
      ['a debit card of 15 digits', { beneficiary: { accountType: 'debit_card', accountNumber: '411111111111111' } }, 'beneficiary.accountNumber', /16 digits/],
      ['a debit card of 18 digits (a CLABE)', { beneficiary: { accountType: 'debit_card', accountNumber: '646180157000000004' } }, 'beneficiary.accountNumber', /16 digits/],
      ['a savings account', { beneficiary: { accountType: 'savings' } }, 'beneficiary.accountType', /"clabe" or "debit_card"/],
      ['a checking account', { beneficiary: { accountType: 'checking' } }, 'beneficiary.accountType', /"clabe" or "debit_card"/],
      ['no accountType', { beneficiary: { accountType: undefined } }, 'beneficiary.accountType', /"clabe" or "debit_card"/],
      ['no bankCode (wayCode)', { beneficiary: { bankCode: undefined } }, 'beneficiary.bankCode', /required/],
    ])('refuses %s', (_title, patch, field, problem) => refused(build(MEXICO, patch), field, problem));

    it.each<[string, Patch, Record<string, unknown>]>([
      [
        'a valid CLABE with its wayCode, no phone or email',
        {},
        { amount: '200', wayCode: 'BANXICO', customerAccountType: 'CLABE', customerAccount: '646180157000000004', customerName: 'Juan Perez' },
      ],
      ['another valid CLABE', { beneficiary: { accountNumber: '002180701234567895' } }, { customerAccount: '002180701234567895' }],
      ['a whole amount written with zero centavos', { top: { amount: '200.00' } }, { amount: '200' }],
      ['a debit card of 16 digits', { beneficiary: { accountType: 'debit_card', accountNumber: '4111111111111111' } }, { customerAccountType: 'DebitCard', customerAccount: '4111111111111111' }],
      ['with phone and email', { beneficiary: { phone: '5512345678', email: 'juan@example.com' } }, { customerMobile: '5512345678', customerEmail: 'juan@example.com' }],
    ])('accepts %s', (_title, patch, sent) => accepted(build(MEXICO, patch), sent));
  });

  describe.each<SandboxChannelCode>(['paypro-idn', 'vexora-idn'])('bank variant (%s)', (channel) => {
    const base = bankVariant(channel);

    it.each<[string, Patch, string, RegExp]>([
      ['no bankCode', { beneficiary: { bankCode: undefined } }, 'beneficiary.bankCode', /required/],
      ['no phone', { beneficiary: { phone: undefined } }, 'beneficiary.phone', /required/],
      ['no email', { beneficiary: { email: undefined } }, 'beneficiary.email', /required/],
      ['a phone with a leading +', { beneficiary: { phone: '+6281234567890' } }, 'beneficiary.phone', /digits, without "\+"/],
      ['an email that is not one', { beneficiary: { email: 'budi-at-example.com' } }, 'beneficiary.email', /email/],
      ['sen (decimals)', { top: { amount: '150000.50' } }, 'amount', /whole units/],
    ])('refuses %s', (_title, patch, field, problem) => refused(build(base, patch), field, problem));

    it('accepts a complete request and sends the gateway its fields', () =>
      accepted(build(base), { amount: '150000', bankCode: '0001', bankAccountNo: '1234567890', customerName: 'Budi Santoso', mobile: '081234567890', email: 'budi@example.com' }));

    it('names every missing required field at once', async () => {
      const res = await request(t.url)
        .post('/payouts')
        .send(build(base, { beneficiary: { bankCode: undefined, phone: undefined, email: undefined } }))
        .expect(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['beneficiary.bankCode', 'beneficiary.email', 'beneficiary.phone']);
    });
  });
});
