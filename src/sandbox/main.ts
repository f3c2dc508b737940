import { startSandbox } from './start-sandbox';

export { startSandbox } from './start-sandbox';

/**
 * `npm run sandbox`: the four sandbox gateways on fixed ports (SANDBOX_PORT, default 4010..4013).
 * SANDBOX_TIME_SCALE shrinks the callback retry schedule (e.g. 0.01). Stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const timeScale = process.env.SANDBOX_TIME_SCALE === undefined ? undefined : Number(process.env.SANDBOX_TIME_SCALE);
  if (timeScale !== undefined && !(timeScale > 0)) throw new Error(`SANDBOX_TIME_SCALE must be a positive number`);
  const sandbox = await startSandbox({ timeScale, log: (line) => console.log(line) });
  console.log('Sandbox gateways:');
  for (const channel of sandbox.channels) {
    const origin = sandbox.simulators[channel.code as keyof typeof sandbox.simulators].origin;
    console.log(
      `  ${channel.code.padEnd(11)} ${channel.protocol}${channel.variant ? `/${channel.variant}` : ''} ${channel.currency}  ` +
        `baseUrl=${channel.baseUrl}  merchantId=${channel.merchantId}  secret=${channel.secret}  control=${origin}/__sandbox/ledger`,
    );
  }
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
