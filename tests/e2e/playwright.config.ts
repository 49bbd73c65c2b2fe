import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';

// The browser and its flags, shared with the dashboard benchmark.
const chromium: { executablePath: string; args: string[] } = require('./chromium.cjs');

// The suite runs against the real reference server (built by scripts/test) on a throw-away
// database, serving the release build of the app from dist/. Its delivery simulator is instant
// and never fails a message, so that statuses reach delivered/read within a second or two
// (Telegram's one message a second per chat still applies); specs that need a failure send
// it through the support endpoint /api/support/delivery-status.
// --test-clock lets specs move the server's clock forward (POST /api/support/clock, support
// token) so that a snooze comes due at once. The origin one port up is the portal of
// cross-origin.spec.ts (pages Playwright serves itself): the server lets it call the API.
const port = Number(process.env.E2E_PORT ?? 18765);
const root = path.resolve(__dirname, '../..');
const server = process.env.E2E_SERVER ?? path.join(root, 'target/debug/textpeak-server');
const db = path.join(os.tmpdir(), `textpeak-e2e-${port}.db`);
// Shared with the specs (fixtures.ts), which use the support endpoints and CLI on this server.
process.env.E2E_DB = db;
process.env.E2E_SERVER = server;
process.env.E2E_SUPPORT_TOKEN = process.env.E2E_SUPPORT_TOKEN ?? 'e2e-support-token';

export default defineConfig({
  testDir: './specs',
  workers: 1, // two cores: one browser at a time keeps timings honest
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromium.executablePath, args: chromium.args },
  },
  // The Beta access story changes Nimbus Retail for good (it ends approved), and the benchmark
  // space gives the Admin a third space, so they run after everything that expects the seeded
  // state, one after the other.
  projects: [
    { name: 'app', testIgnore: /beta-access|onboarding|benchmark-space/ },
    { name: 'beta-access', testMatch: /beta-access/, dependencies: ['app'] },
    // Onboarding finishes Fresh Start's setup for good.
    { name: 'onboarding', testMatch: /onboarding/, dependencies: ['beta-access'] },
    { name: 'benchmark-space', testMatch: /benchmark-space/, dependencies: ['onboarding'], use: { trace: 'off' } },
  ],
  webServer: {
    command: `rm -f '${db}' '${db}-wal' '${db}-shm' && exec '${server}' --addr 127.0.0.1:${port} --db '${db}' --static-dir '${path.join(root, 'dist')}' --seed-conversations 400 --support-token '${process.env.E2E_SUPPORT_TOKEN}' --delivery instant --delivery-failure-rate 0 --delivery-seed 1 --test-clock --allowed-origins http://127.0.0.1:${port + 1}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
