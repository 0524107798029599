import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'mock/**/*.test.ts',
      'spec/**/*.test.ts',
      'cli/**/*.test.ts',
      'suites/**/*.test.ts',
      'bench/**/*.test.ts',
      'examples/**/*.test.ts',
      'fixtures/**/*.test.ts',
      'report/**/*.test.ts',
      'load/**/*.test.ts',
      'tests/**/*.test.ts',
      'proof/**/*.test.ts',
    ],
    // Liveness bounds, not speed checks: a test on a busy 2-core machine may take several times longer.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
})
