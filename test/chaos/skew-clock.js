// Preloaded (node -r) into one chaos instance: its Date runs CLOCK_SKEW_MS ahead of the machine's,
// as a host whose clock drifted would. Timers and performance.now are left alone.
const skew = Number(process.env.CLOCK_SKEW_MS || 0);
if (skew) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + skew);
      else super(...args);
    }
    static now() {
      return RealDate.now() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
