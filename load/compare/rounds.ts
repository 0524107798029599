/**
 * `load --compare`: the same scenario against two servers in alternating rounds (A, B, A, B …), so that
 * whatever else the machine does in the meantime (its drift) weighs on both sides alike. Each round is a
 * whole `executeLoad` run: log in, seed its own library, the timed part, delete the library.
 */
import { type ExecuteOptions, executeLoad } from '../execute.ts'
import type { LoadResult } from '../result.ts'

export type Side = 'A' | 'B'

export interface Server {
  target: string
  user?: string
  password?: string
  token?: string
}

/** One timed run of one server. */
export interface Round {
  /** 1 … rounds, the same number for A and B of one pair. */
  round: number
  side: Side
  result: LoadResult
}

export interface CompareOptions extends Omit<ExecuteOptions, 'target' | 'user' | 'password' | 'token'> {
  a: Server
  b: Server
  /** Rounds per server. */
  rounds: number
  /** Told before each round starts. */
  onRound?(round: number, side: Side, target: string): void
  /** Runs one round (tests may count them); executeLoad by default. */
  execute?(o: ExecuteOptions): Promise<LoadResult>
}

export async function runRounds(o: CompareOptions): Promise<Round[]> {
  const { a, b, rounds, onRound, execute = executeLoad, ...shared } = o
  const done: Round[] = []
  for (let round = 1; round <= rounds; round++) {
    for (const [side, server] of [
      ['A', a],
      ['B', b],
    ] as const) {
      onRound?.(round, side, server.target)
      done.push({ round, side, result: await execute({ ...shared, ...server }) })
    }
  }
  return done
}
