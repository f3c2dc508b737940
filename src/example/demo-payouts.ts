import { Logger } from '@nestjs/common';
import { CreatePayoutInput, PayoutService } from '../payouts';
import { sandboxRequest } from './sample-payouts';

/** Names steer the sandbox's outcome: most succeed, some fail, one is cancelled, one stays in progress. */
const DEMO: { channel: string; names: string[] }[] = [
  { channel: 'paypro-idn', names: ['Budi Santoso', 'Siti Aminah', 'Dewi Lestari', 'Agus FAIL Pratama', 'Rina HOLD Wijaya'] },
  { channel: 'paypro-mex', names: ['Juan Garcia', 'Maria Lopez', 'Carlos FAIL Ruiz'] },
  { channel: 'vexora-idn', names: ['Tono Susilo', 'Wati Rahayu', 'Hadi Gunawan'] },
  { channel: 'cashy-per', names: ['Juan Perez', 'Rosa Quispe', 'Luis CANCEL Torres', 'Ana FAIL Mendoza'] },
];

/**
 * The example app's first start on the sandbox: a handful of payouts sent through the real flow
 * (validation, the sandbox gateways, their callbacks), so the dashboard has something to show.
 * Only into an empty database; SANDBOX_DEMO=0 turns it off.
 */
export async function seedDemoPayouts(payouts: PayoutService): Promise<number> {
  const log = new Logger('Example');
  if ((await payouts.list({ limit: 1 })).items.length) return 0;
  let created = 0;
  for (const { channel, names } of DEMO) {
    for (const [i, name] of names.entries()) {
      try {
        const request = sandboxRequest(channel, `demo-${channel}-${i + 1}`, name) as unknown as CreatePayoutInput;
        await payouts.create({ ...request, remark: `demo payout ${i + 1}` });
        created++;
      } catch (error) {
        log.warn(`Demo payout on ${channel} not created: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return created;
}
