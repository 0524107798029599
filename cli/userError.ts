/** A mistake of the user's (bad flag, unreachable URL, wrong password): printed as one line, no stack trace. */
export class UserError extends Error {
  override name = 'UserError'
}
