/**
 * Runs once before the workers: empties the capability state of the previous run and works out the
 * target's features from `GET /api2/server-info/`, so every worker judges features the same way.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { writeSpecCache } from './client/http.ts'
import { configFromEnv } from './config.ts'
import { probeResumable, resolveFeatures, type ServerInfo } from './features.ts'
import { runPaths } from './paths.ts'
import { CapabilityState } from './state.ts'

export default async function globalSetup(): Promise<void> {
  const config = configFromEnv()
  if (!config.target)
    throw new Error(
      'SEAFILE_TARGET is not set: run `seafile-conformance test`, or set SEAFILE_TARGET and credentials',
    )
  const paths = runPaths(config)
  new CapabilityState(paths.capabilitiesDir).reset()
  let info: ServerInfo = {}
  try {
    const res = await fetch(`${config.target}/api2/server-info/`, { headers: { Accept: 'application/json' } })
    if (res.ok) info = (await res.json()) as ServerInfo
  } catch {
    // Unreachable targets fail in the tests themselves, with the request that failed.
  }
  mkdirSync(paths.stateDir, { recursive: true })
  writeSpecCache(paths.specCacheFile)
  const probes = { resumable: await probeResumable(config.target) }
  writeFileSync(paths.featuresFile, JSON.stringify(resolveFeatures(config, info, probes), null, 2))
}
