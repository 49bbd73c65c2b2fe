// Chromium as the end-to-end suite (playwright.config.ts) and the dashboard benchmark
// (tests/bench/dashboard-bench.mjs) launch it: Debian's build unless CHROMIUM names another,
// headless on a shared machine, without a sandbox, GPU or background traffic that would blur
// timings. CommonJS, so that the TypeScript config and the ES-module benchmark both load it.
module.exports = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
