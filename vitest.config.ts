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
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
