/**
 * Knobs of a negative-request run, from the environment: `SEAFILE_FUZZ_SEED` (replays a run),
 * `SEAFILE_FUZZ_RUNS` (how many requests), `SEAFILE_FUZZ_CASE` (only that case of the seed's list),
 * `SEAFILE_FUZZ_TIMEOUT_MS` (per request; longer is a hang: a liveness bound of 2 minutes by default, since
 * a request that answers in 0.1 s alone can wait seconds on a loaded machine).
 */
export interface FuzzSettings {
  seed: number
  runs: number
  only?: number
  timeoutMs: number
}

const int = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be an integer, got "${raw}"`)
  return n
}

/** A fresh seed per run unless one is given; defaults differ between the suite and the fuzz test. */
export function fuzzSettings(
  env: Record<string, string | undefined>,
  defaults: { runs: number; timeoutMs?: number },
): FuzzSettings {
  return {
    seed: int(env.SEAFILE_FUZZ_SEED, 'SEAFILE_FUZZ_SEED') ?? DEFAULT_SEED,
    runs: Math.max(1, int(env.SEAFILE_FUZZ_RUNS, 'SEAFILE_FUZZ_RUNS') ?? defaults.runs),
    only: int(env.SEAFILE_FUZZ_CASE, 'SEAFILE_FUZZ_CASE'),
    timeoutMs: int(env.SEAFILE_FUZZ_TIMEOUT_MS, 'SEAFILE_FUZZ_TIMEOUT_MS') ?? defaults.timeoutMs ?? 120_000,
  }
}

/** A fixed default keeps CI deterministic; set SEAFILE_FUZZ_SEED to explore other inputs. */
const DEFAULT_SEED = 20261123
