/**
 * The one extended `test`/`expect` every conformance spec imports (no spec imports @playwright/test).
 * Fixtures give each test checked, authenticated clients and a fresh library; every response goes through
 * the spec check and is recorded for the report. Tests are tagged `@core` (holds for the real Seafile
 * server) or `@strict` (beyond it), and `@needs-<feature>` when they need an optional feature.
 */
import { readFileSync } from 'node:fs'
import { type APIRequestContext, test as base, expect as baseExpect, type TestInfo } from '@playwright/test'
import type { Guard } from './client/base.ts'
import { SeafileClient } from './client/files.ts'
import { Http, type SpecCall } from './client/http.ts'
import { seafileMatchers } from './client/matchers.ts'
import { type Config, configFromEnv, FEATURES, type Feature, secretsOf } from './config.ts'
import { type FeatureSet, missingFeature, probeResumable, resolveFeatures } from './features.ts'
import { runPaths } from './paths.ts'
import { CapabilityState, prerequisiteFailed } from './state.ts'

export type Account = 'user' | 'user2' | 'admin'

/** Tokens per account, obtained once per worker (auth-token is throttled to 60/min for anonymous callers). */
export interface Sessions {
  token(account: Account): Promise<string>
  /** Every token obtained so far, scrubbed from error messages. */
  readonly secrets: string[]
}

export interface WorkerFixtures {
  /** The run's configuration (flags/env/YAML, secrets included). */
  target: Config
  /** The target's optional features: profile, server-info advertisement, explicit switches. */
  features: FeatureSet
  /** Capabilities that failed earlier in the run (shared by all workers). */
  capabilities: CapabilityState
  sessions: Sessions
}

export interface TestFixtures {
  /** The spec operations this test called, attached to the result for the report. */
  calls: SpecCall[]
  /** Enforces the level tag and skips tests whose `@needs-<feature>` is off. */
  conformanceTags: undefined
  /** Runs a step providing a capability: skipped if it already failed, recorded if it fails now. */
  guard: Guard
  /** No credentials at all. */
  anon: SeafileClient
  /** The main user (`--user`, or `--token`). */
  api: SeafileClient
  /** A second user (`--user2`); tests using it are skipped when none is configured. */
  api2: SeafileClient
  /** A staff account (`--admin-user`); tests using it are skipped when none is configured. */
  admin: SeafileClient
  /** A fresh library of the main user, deleted after the test. */
  repo: { id: string; name: string }
}

const LEVEL_TAGS = ['@core', '@strict']
const testName = (info: TestInfo) => info.titlePath.slice(1).join(' > ')

/** A library name unique to this test and attempt (names with `/` are invalid: views.py::Repos.post). */
export const uniqueName = (info: TestInfo, label = 'lib') =>
  `sc-${label}-${info.testId.slice(0, 8)}-${info.retry}-${Math.random().toString(36).slice(2, 8)}`

function readFeatures(file: string): FeatureSet | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FeatureSet
  } catch {
    return undefined
  }
}

function credentials(target: Config, account: Account): [string, string] | undefined {
  const [user, password] =
    account === 'user'
      ? [target.user, target.password]
      : account === 'user2'
        ? [target.user2, target.password2]
        : [target.adminUser, target.adminPassword]
  return user && password !== undefined ? [user, password] : undefined
}

const ACCOUNT_FLAGS: Record<Account, string> = {
  user: '--user/--password or --token',
  user2: '--user2/--password2',
  admin: '--admin-user/--admin-password',
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their first argument
  target: [async ({}, use) => use(configFromEnv()), { scope: 'worker' }],

  capabilities: [
    async ({ target }, use) => use(new CapabilityState(runPaths(target).capabilitiesDir)),
    { scope: 'worker' },
  ],

  features: [
    async ({ target, playwright }, use) => {
      const saved = readFeatures(runPaths(target).featuresFile)
      if (saved) return use(saved)
      // Started without the global setup (a single spec file): ask the server ourselves.
      const ctx = await playwright.request.newContext()
      const res = await ctx.get(`${target.target}/api2/server-info/`).catch(() => undefined)
      const info = res?.ok() ? ((await res.json()) as { version?: string; features?: string[] }) : {}
      await ctx.dispose()
      await use(resolveFeatures(target, info, { resumable: await probeResumable(target.target!) }))
    },
    { scope: 'worker' },
  ],

  sessions: [
    async ({ target, playwright }, use) => {
      const ctx = await playwright.request.newContext()
      const secrets = secretsOf(target)
      const pending = new Map<Account, Promise<string>>()
      const login = async (account: Account): Promise<string> => {
        if (account === 'user' && target.token) return target.token
        const creds = credentials(target, account)
        if (!creds) throw new Error(`no credentials for ${account} (${ACCOUNT_FLAGS[account]})`)
        // Login calls are checked against the spec too, but belong to no test.
        const http = new Http(ctx, { baseURL: target.target!, record: () => {}, secrets, account })
        const token = await new SeafileClient(http).authToken(...creds)
        secrets.push(token)
        return token
      }
      await use({
        secrets,
        token: (account) => {
          if (!pending.has(account)) pending.set(account, login(account))
          return pending.get(account)!
        },
      })
      await ctx.dispose()
    },
    { scope: 'worker' },
  ],

  calls: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their first argument
    async ({}, use, testInfo) => {
      const calls: SpecCall[] = []
      await use(calls)
      await testInfo.attach('spec-calls', { body: JSON.stringify(calls), contentType: 'application/json' })
    },
    { auto: true },
  ],

  conformanceTags: [
    async ({ features }, use, testInfo) => {
      if (!testInfo.tags.some((t) => LEVEL_TAGS.includes(t)))
        throw new Error(`"${testInfo.title}" is tagged neither @core nor @strict`)
      for (const tag of testInfo.tags) {
        if (!tag.startsWith('@needs-')) continue
        const feature = tag.slice('@needs-'.length) as Feature
        if (!FEATURES.includes(feature)) throw new Error(`unknown feature tag ${tag}`)
        const reason = missingFeature(features, feature)
        if (reason) testInfo.skip(true, reason)
      }
      await use(undefined)
    },
    { auto: true },
  ],

  guard: async ({ capabilities }, use, testInfo) => {
    await use(async (capability, step) => {
      const prior = capabilities.failure(capability)
      if (prior) testInfo.skip(true, prerequisiteFailed(prior))
      try {
        return await step()
      } catch (err) {
        if (testInfo.expectedStatus !== 'skipped')
          capabilities.markFailed(capability, (err as Error).message ?? String(err), testName(testInfo))
        throw err
      }
    })
  },

  anon: async ({ request, target, calls, sessions }, use) => {
    await use(client(request, target, calls, sessions, undefined, undefined))
  },

  api: async ({ request, target, calls, sessions, guard }, use) => {
    const token = await guard('login', () => sessions.token('user'))
    await use(client(request, target, calls, sessions, token, guard, 'user'))
  },

  api2: async ({ request, target, calls, sessions, guard }, use, testInfo) => {
    if (!credentials(target, 'user2')) testInfo.skip(true, `needs a second account (${ACCOUNT_FLAGS.user2})`)
    const token = await guard('login', () => sessions.token('user2'))
    await use(client(request, target, calls, sessions, token, guard, 'user2'))
  },

  admin: async ({ request, target, calls, sessions, guard, features }, use, testInfo) => {
    const reason = missingFeature(features, 'admin')
    if (reason) testInfo.skip(true, reason)
    const token = await guard('login', () => sessions.token('admin'))
    await use(client(request, target, calls, sessions, token, guard, 'admin'))
  },

  repo: async ({ api }, use, testInfo) => {
    const name = uniqueName(testInfo)
    const created = await api.createRepo(name)
    await use({ id: created.repo_id, name })
    // The test may have deleted it already (404); anything else is a failure to clean up.
    const res = await api.deleteRepoRaw(created.repo_id)
    if (![200, 404].includes(res.status()))
      throw new Error(`cleanup: deleting library ${created.repo_id} answered ${res.status()}`)
  },
})

function client(
  request: APIRequestContext,
  target: Config,
  calls: SpecCall[],
  sessions: Sessions,
  token: string | undefined,
  guard?: Guard,
  account?: Account,
): SeafileClient {
  const http = new Http(request, {
    baseURL: target.target!,
    record: (call) => calls.push(call),
    token,
    secrets: sessions.secrets,
    account,
  })
  return new SeafileClient(http, guard)
}

export const expect = baseExpect.extend(seafileMatchers)

/** Tag options: `test('…', core, async (…) => …)`. */
export const core = { tag: '@core' }
export const strict = { tag: '@strict' }
export const needs = (level: '@core' | '@strict', ...features: Feature[]) => ({
  tag: [level, ...features.map((f) => `@needs-${f}`)],
})

/**
 * The operations a test exercises even when it is skipped before calling them, so the report can mark
 * them skipped with the reason: `test('…', { ...needs('@core', 'lock'), annotation: covers('PUT /x/') }, …)`.
 */
export const covers = (...operations: string[]) =>
  operations.map((description) => ({ type: 'covers', description }))
