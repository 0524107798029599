/**
 * The fault and throttle options of the mock (merged into mock/options.ts): rules from `--fault` flags or
 * `SEAFILE_MOCK_FAULTS` (newline- or `;`-separated), a config file, the `X-Mock-Fault` header switch, and the
 * rate limits.
 */
import { z } from 'zod'

const envBool = z.union([
  z.boolean(),
  z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'] }),
])

/** Rules as a list, or one string of rules separated by newlines or `;`. */
const ruleList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (typeof v === 'string' ? v.split(/[\n;]/) : v).map((s) => s.trim()).filter(Boolean))

export const faultOptionFields = {
  /** Fault rules `[METHOD ]PATH:effects` (`SEAFILE_MOCK_FAULTS`; docs/faults.md). */
  faults: ruleList.default([]),
  /** A YAML or JSON file of fault rules and throttle rates (`SEAFILE_MOCK_FAULT_CONFIG`). */
  faultConfig: z.string().min(1).optional(),
  /** Honour the `X-Mock-Fault` request header (`SEAFILE_MOCK_FAULT_HEADER`, default on). */
  faultHeader: envBool.default(true),
  /** Rate limits: `on` (seahub's), `off`, or `anon=60/min,user=3000/min,ping=3000/min` (`SEAFILE_MOCK_THROTTLE`). */
  throttle: z.string().optional(),
}

export const FAULT_ENV = {
  SEAFILE_MOCK_FAULTS: 'faults',
  SEAFILE_MOCK_FAULT_CONFIG: 'faultConfig',
  SEAFILE_MOCK_FAULT_HEADER: 'faultHeader',
  SEAFILE_MOCK_THROTTLE: 'throttle',
} as const
