// Imported first by provider.mjs: with OIDC_CLOCK_SKEW_SECONDS set, the
// provider's clock runs that many seconds ahead (or behind, if negative), so
// tests can get ID tokens issued in the future or already expired.
const skew = Number(process.env.OIDC_CLOCK_SKEW_SECONDS || 0);
if (skew) {
  const realNow = Date.now;
  Date.now = () => realNow() + skew * 1000;
}
