import { Logger } from '@nestjs/common';
import { loggingOptions } from '../src/example/ops/logging';
import { eventually } from './support/eventually';
import { createTestApp, TestApp } from './support/test-app';

// In a file of its own: nestjs-pino keeps its out-of-request logger per process (per jest file),
// and a log call outside any request goes there.
describe('operations: redaction of log objects', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logging: loggingOptions({ LOG_REDACT: 'customer.taxId' }, { write: (line: string) => lines.push(line) }) });
  });
  afterAll(() => t.close());

  it('redacts the configured paths in a careless log call of host code, and the extra LOG_REDACT paths', async () => {
    new Logger('Host').log({
      msg: 'careless',
      beneficiary: { accountNumber: '9988776655443322', cci: '00219400123456789012', idNumber: '45678912' },
      channel: { secret: 'shh-secret', apiKey: 'key-123456' },
      customer: { taxId: 'TAX-778899' },
    });
    // Absence means something only once this call's own line has reached the stream.
    const entry = await eventually(() => {
      const found = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.msg === 'careless');
      expect(found).toBeDefined();
      return found;
    });
    expect(entry).toMatchObject({
      beneficiary: { accountNumber: '[redacted]', cci: '[redacted]', idNumber: '[redacted]' },
      channel: { secret: '[redacted]', apiKey: '[redacted]' },
      customer: { taxId: '[redacted]' },
    });
    const all = lines.join('\n');
    for (const secret of ['9988776655443322', '00219400123456789012', '45678912', 'shh-secret', 'key-123456', 'TAX-778899']) expect(all).not.toContain(secret);
  });
});
