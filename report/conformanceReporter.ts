/**
 * Playwright reporter of the conformance run: collects each test's outcome, level, skip reason, first
 * error and the spec operations it called (the `spec-calls` attachment written by suites/fixtures.ts),
 * then writes conformance.json and summary.md with one row per spec operation.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { FullConfig, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter'
import { packageFile } from '../spec/packageFiles.ts'
import { CLEANUP_FAILED, CLEANUP_FAILED_TOO } from '../suites/cleanup.ts'
import { configFromEnv, redact, redactText, secretsOf } from '../suites/config.ts'
import { runPaths } from '../suites/paths.ts'
import { CapabilityState } from '../suites/state.ts'
import {
  blamedCalls,
  type CallRecord,
  isFailure,
  type Level,
  summarizeError,
  type TestRecord,
} from './summary.ts'
import { readKnownFailures, writeReport } from './write.ts'

export default class ConformanceReporter implements Reporter {
  private rootDir = ''
  private readonly tests = new Map<string, TestRecord>()
  private readonly errors: string[] = []
  private readonly config = configFromEnv()
  private readonly secrets = secretsOf(this.config)

  onBegin(config: FullConfig, _suite: Suite): void {
    // Ids are relative to the suites directory: `conformance/auth.spec.ts > auth > …`.
    this.rootDir = config.rootDir
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // The compiled suites (dist/suites/) map their locations back to the sources (suites/) through their
    // source maps: ids are relative to the sources either way, so a known-failures list fits both.
    const file = relative(
      this.rootDir.endsWith(join('dist', 'suites')) ? packageFile('suites') : this.rootDir,
      test.location.file,
    )
    const describes = test.titlePath().slice(3, -1)
    const id = [file, ...describes, test.title].join(' > ')
    const annotations = [...test.annotations, ...(result.annotations ?? [])]
    const level: Level | undefined = test.tags.includes('@core')
      ? 'core'
      : test.tags.includes('@strict')
        ? 'strict'
        : undefined
    const attachment = result.attachments.find((a) => a.name === 'spec-calls' && a.body)
    const calls = attachment ? (JSON.parse(attachment.body!.toString('utf8')) as CallRecord[]) : []
    const error = result.errors[0]
    // (The test's and the result's annotations may hold the same entry.)
    const cleanupErrors = [
      ...new Set(annotations.filter((a) => a.type === CLEANUP_FAILED_TOO).map((a) => a.description ?? '')),
    ]
    const failedInCleanup = cleanupErrors.length === 0 && annotations.some((a) => a.type === CLEANUP_FAILED)
    const failed = isFailure(result.status)
    const curl = failed ? blamedCalls(calls, failedInCleanup).find((c) => c.curl)?.curl : undefined
    this.tests.set(test.id, {
      id,
      title: test.title,
      file,
      tags: test.tags,
      level,
      status: result.status,
      durationMs: result.duration,
      error: error
        ? redactText(summarizeError(error.message ?? error.value) ?? 'failed', this.secrets)
        : undefined,
      ...(failed && cleanupErrors.length
        ? { cleanupErrors: cleanupErrors.map((e) => redactText(e, this.secrets)) }
        : {}),
      ...(failed && failedInCleanup ? { failedInCleanup } : {}),
      ...(curl ? { curl } : {}),
      skipReason:
        result.status === 'skipped' ? annotations.find((a) => a.type === 'skip')?.description : undefined,
      // Each call's curl stays in the Playwright report; conformance.json keeps the blamed one only.
      calls: calls.map(({ curl: _curl, ...call }) => call),
      covers: annotations.filter((a) => a.type === 'covers' && a.description).map((a) => a.description!),
      deviations: [
        ...new Set(
          annotations
            .filter((a) => a.type === 'real-server-deviation' && a.description)
            .map((a) => a.description!),
        ),
      ],
    })
  }

  onError(error: TestError): void {
    this.errors.push(redactText(summarizeError(error.message ?? error.value) ?? 'error', this.secrets))
  }

  onEnd(): void {
    const paths = runPaths(this.config)
    let features: unknown
    try {
      features = JSON.parse(readFileSync(paths.featuresFile, 'utf8'))
    } catch {
      features = undefined
    }
    const errors = [...this.errors]
    let knownFailures: string[] = []
    try {
      knownFailures = readKnownFailures(this.config.knownFailures)
    } catch (err) {
      errors.push((err as Error).message)
    }
    writeReport(
      {
        tests: [...this.tests.values()],
        knownFailures,
        config: redact(this.config),
        features,
        errors,
        capabilityFailures: new CapabilityState(paths.capabilitiesDir).all(),
      },
      paths,
    )
  }

  printsToStdio(): boolean {
    return false
  }
}
