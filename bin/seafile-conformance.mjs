#!/usr/bin/env node
// The published entry point runs the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api'

register()
await import('../cli/main.ts')
