/**
 * Which optional features the target has. The profile gives defaults; the server's own advertisement
 * (`GET /api2/server-info/` → `version`, `features`) refines them; explicit switches
 * (`SEAFILE_FEATURE_LOCK=false`, `features: {lock: false}`) win. A test that needs an absent feature is
 * skipped with the reason, never failed (litmus/tus style: capabilities are discovered, not hand-written).
 */
import type { Config, Feature } from './config.ts'
import { FEATURES } from './config.ts'

export type Profile = 'community' | 'pro' | 'mock'

export interface ServerInfo {
  version?: string
  features?: string[]
}

export interface FeatureSet {
  profile: Profile
  /** How the profile was chosen. */
  profileSource: 'config' | 'server-info'
  version?: string
  advertised: string[]
  enabled: Record<Feature, boolean>
  /** Why each feature is on or off, for skip reasons and the report. */
  why: Record<Feature, string>
}

// views_misc.py::ServerInfoView: Pro adds "seafile-pro" and "file-search"; Community sends "seafile-basic".
// File locking (`check_file_lock`, `lock_file`) and search only exist in Pro; Community answers lock with
// an HTML 500. Resumable upload is probed (probeResumable); the profile's value holds only without an answer.
const PROFILE_DEFAULTS: Record<Profile, Record<Feature, boolean>> = {
  community: {
    search: false,
    thumbnails: true,
    encryption: true,
    admin: true,
    resumable: false,
    lock: false,
  },
  pro: { search: true, thumbnails: true, encryption: true, admin: true, resumable: false, lock: true },
  mock: { search: true, thumbnails: true, encryption: true, admin: true, resumable: true, lock: true },
}

/** The profile the server's advertisement implies. */
export function detectProfile(info: ServerInfo): Profile {
  const features = info.features ?? []
  if (features.includes('seafile-mock') || /mock/i.test(info.version ?? '')) return 'mock'
  return features.includes('seafile-pro') ? 'pro' : 'community'
}

/** What probing the target found (undefined: not probed, or no clear answer). */
export interface Probes {
  /** file-uploaded-bytes answers: the file server takes `Content-Range` chunks. */
  resumable?: boolean
}

/**
 * Resumable upload is a capability of the file server, not a setting: the C file server takes
 * `Content-Range` chunks unconditionally (upload-file.c upload_headers_cb) and so does the Go one, and
 * `GET file-uploaded-bytes` answers where to resume whether or not seahub's web-UI switch
 * ENABLE_RESUMABLE_FILEUPLOAD (which only adds `Accept-Ranges: bytes`) is on. So the probe asks that
 * route (no token needed: repo_file_uploaded_bytes.py declares no permission class) about a library
 * that does not exist: a JSON answer (404 "Library … not found", 403, 400) means the route is there;
 * Django's HTML 404 or a DRF 405 means it is not.
 */
export async function probeResumable(target: string): Promise<boolean | undefined> {
  const url = `${target}/api/v2.1/repos/00000000-0000-0000-0000-000000000000/file-uploaded-bytes/?parent_dir=/&file_name=probe`
  try {
    const res = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    })
    await res.arrayBuffer()
    const json = /json/i.test(res.headers.get('content-type') ?? '')
    if (json && res.status !== 405) return true
    if ((res.status === 404 && !json) || res.status === 405) return false
  } catch {
    // Unreachable: the tests will say so.
  }
  return undefined
}

export function resolveFeatures(config: Config, info: ServerInfo, probes: Probes = {}): FeatureSet {
  const profile = config.profile === 'auto' ? detectProfile(info) : config.profile
  const advertised = info.features ?? []
  const enabled = { ...PROFILE_DEFAULTS[profile] }
  const why = Object.fromEntries(FEATURES.map((f) => [f, `profile ${profile}`])) as Record<Feature, string>
  if (advertised.includes('file-search')) {
    enabled.search = true
    why.search = 'server-info advertises file-search'
  } else if (profile !== 'mock' && advertised.length > 0) {
    enabled.search = false
    why.search = 'server-info does not advertise file-search'
  }
  if (probes.resumable !== undefined && profile !== 'mock') {
    enabled.resumable = probes.resumable
    why.resumable = probes.resumable
      ? 'probed: file-uploaded-bytes answers, the file server takes Content-Range chunks'
      : 'probed: the server has no file-uploaded-bytes route'
  }
  if (!config.adminUser) {
    enabled.admin = false
    why.admin = 'no admin account configured (--admin-user)'
  }
  for (const f of FEATURES) {
    const v = config.features[f]
    if (v !== undefined) {
      enabled[f] = v
      why[f] = 'set in the configuration'
    }
  }
  return {
    profile,
    profileSource: config.profile === 'auto' ? 'server-info' : 'config',
    version: info.version,
    advertised,
    enabled,
    why,
  }
}

/** The skip reason for a test needing `feature`, or undefined when it may run. */
export function missingFeature(set: FeatureSet, feature: Feature): string | undefined {
  if (set.enabled[feature]) return undefined
  const env = `SEAFILE_FEATURE_${feature.toUpperCase()}=true`
  return `feature "${feature}" is off (${set.why[feature]}; set ${env} to force it)`
}
