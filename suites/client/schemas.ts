/** Response types generated from the spec (`npm run spec:types`); the client does not write its own. */
import type { components } from '../../spec/generated/openapi.d.ts'

export type Schemas = components['schemas']
