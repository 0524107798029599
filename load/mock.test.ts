/** Short real runs of every scenario against the mock on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MOCK_USER, type RunningMock, startEmbeddedMock } from './embeddedMock.ts'
import { executeLoad } from './execute.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { analyze } from './summary.ts'

let mock: RunningMock
beforeAll(async () => {
  mock = await startEmbeddedMock()
})
afterAll(() => mock?.close())

describe('load scenarios against the mock', () => {
  for (const scenario of SCENARIOS) {
    it(`runs ${scenario} for 2 s on 2 connections without errors`, async () => {
      const result = await executeLoad({
        target: mock.url,
        ...MOCK_USER,
        scenario,
        model: { kind: 'closed', connections: 2 },
        durationSeconds: 2,
        fileSize: 64 * 1024,
        chunkSize: 16 * 1024,
      })
      const { summary } = analyze(result)
      for (const step of summary.steps) {
        expect(step.requests, step.name).toBeGreaterThan(0)
        expect(step.errors, `${step.name}: ${JSON.stringify(step.outcomes)}`).toBe(0)
      }
      expect(summary.total.requests).toBeGreaterThan(0)
    })
  }
})
