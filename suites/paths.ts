/** Where a run writes: everything under the reports directory (`--reports DIR`, default `reports/`). */
import { join, resolve } from 'node:path'
import type { Config } from './config.ts'

export interface RunPaths {
  reportsDir: string
  /** Playwright's HTML report (open `index.html`). */
  htmlDir: string
  junitFile: string
  /** The conformance report: per-operation and per-test results, redacted config, features. */
  conformanceFile: string
  summaryFile: string
  /** Per-test artifacts and the run's shared state (capabilities, features). */
  outputDir: string
  stateDir: string
  /** One file per failed capability (suites/state.ts). */
  capabilitiesDir: string
  featuresFile: string
  /** The spec parsed once by the global setup, so each worker skips the YAML parse. */
  specCacheFile: string
}

export function runPaths(config: Pick<Config, 'reports'>): RunPaths {
  const reportsDir = resolve(config.reports)
  const outputDir = join(reportsDir, 'out', 'test-results')
  const stateDir = process.env.SEAFILE_STATE_DIR ?? join(reportsDir, 'out', 'state')
  return {
    reportsDir,
    htmlDir: join(reportsDir, 'playwright'),
    junitFile: join(reportsDir, 'junit.xml'),
    conformanceFile: join(reportsDir, 'conformance.json'),
    summaryFile: join(reportsDir, 'summary.md'),
    outputDir,
    stateDir,
    capabilitiesDir: join(stateDir, 'capabilities'),
    featuresFile: join(stateDir, 'features.json'),
    // Shared by runs that set SEAFILE_SPEC_CACHE (the proof: one parse for every variant).
    specCacheFile: process.env.SEAFILE_SPEC_CACHE ?? join(stateDir, 'openapi.json'),
  }
}
