/**
 * Playwright configuration of the conformance suites. Every setting comes from the run's configuration
 * (`SEAFILE_*` env vars or `SEAFILE_CONFIG`), which `seafile-conformance test` sets for this process.
 *   SEAFILE_TARGET=http://127.0.0.1:8000 SEAFILE_USER=… SEAFILE_PASSWORD=… npx playwright test -c suites
 */
import { defineConfig } from '@playwright/test'
import { configFromEnv } from './config.ts'
import { grepPattern } from './grep.ts'
import { runPaths } from './paths.ts'

const config = configFromEnv()
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
const paths = runPaths(config)

export default defineConfig({
  testDir: '.',
  /* The sources, or their compiled twins in dist/suites/ (the published package runs those). */
  testMatch: '**/*.spec.{ts,js}',
  /* One project per area: `--project sync` runs the desktop sync protocol area alone. */
  projects: [
    { name: 'conformance', testDir: './conformance' },
    { name: 'sync', testDir: './sync' },
    /* Negative requests, the auth matrix and access rules (suites/robustness; `--grep @robustness`). */
    { name: 'robustness', testDir: './robustness' },
    { name: 'uploads', testDir: './uploads' },
  ],
  /* Each test makes and removes its own libraries, so any order and any worker will do. */
  fullyParallel: true,
  /* A stray test.only must not silently shrink a CI run. */
  forbidOnly: !!process.env.CI,
  /* A conformance verdict is about the server, not about luck: no retries. */
  retries: 0,
  workers: config.workers,
  /* A liveness bound: a loaded machine or a slow server only takes longer. */
  timeout: config.timeout ?? 120_000,
  grep: config.grep ? grepPattern(config.grep) : undefined,
  /* The core level leaves out checks the real Seafile server does not pass either. */
  grepInvert: config.level === 'core' ? /@strict/ : undefined,
  globalSetup: `./globalSetup${EXT}`,
  outputDir: paths.outputDir,
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['html', { outputFolder: paths.htmlDir, open: 'never' }],
    ['junit', { outputFile: paths.junitFile }],
    [`../report/conformanceReporter${EXT}`],
  ],
  use: {
    baseURL: config.target,
    extraHTTPHeaders: { Accept: 'application/json' },
  },
})
