import type { Context } from 'hono'
import type { Seafile } from '../model/seafile.ts'
import type { TokenRecord, UserRecord } from '../model/users.ts'
import type { Form } from './form.ts'

/** Per-request values: the model, and once authenticated, the user and the token used. */
export interface MockEnv {
  Variables: {
    seaf: Seafile
    user: UserRecord
    token: TokenRecord
    form: Form | undefined
  }
}

export type MockContext = Context<MockEnv>
