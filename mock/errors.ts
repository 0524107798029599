/**
 * Every error the mock sends, as a value: its status, the family that decides the wire encoding, and the
 * exact body. Handlers `throw new SeafileError(ERRORS.X)` (or a parameterised helper) and one `onError`
 * renders it (`renderError`). Tests assert on these entries.
 */
import { asciiJson } from './http/json.ts'

/**
 * seahub → `{"error_msg": msg}`; drf → `{"detail": msg}` or a serializer dict; fileserver → text;
 * django → an HTML page (an unmatched URL, e.g. a repo id that is not 36 hex-and-dash characters).
 */
export type ErrorFamily = 'seahub' | 'drf' | 'fileserver' | 'django'

export interface ErrorValue {
  readonly status: number
  readonly family: ErrorFamily
  /** seahub/drf: the JSON body; fileserver: the text before the trailing "\n". */
  readonly body: Readonly<Record<string, unknown>> | string
  /** Extra response headers (e.g. `X-Seafile-OTP`). */
  readonly headers?: Readonly<Record<string, string>>
}

/** seahub/api2/utils.py::api_error(code, msg) → `{"error_msg": msg}`. */
export const seahubError = (status: number, msg: string): ErrorValue =>
  Object.freeze({ status, family: 'seahub', body: Object.freeze({ error_msg: msg }) })

/** DRF exceptions (authentication, parse errors, 405) → `{"detail": msg}`. */
export const drfError = (status: number, detail: string): ErrorValue =>
  Object.freeze({ status, family: 'drf', body: Object.freeze({ detail }) })

/** Serializer validation errors (auth-token only) → `{"<field>": ["msg"]}`. */
export const fieldError = (field: string, msg: string): ErrorValue =>
  Object.freeze({ status: 400, family: 'drf', body: Object.freeze({ [field]: [msg] }) })

/** fileserver.go::appHandler: `http.Error(w, msg, status)`, i.e. text/plain `msg + "\n"`. */
export const fileserverError = (status: number, msg: string): ErrorValue =>
  Object.freeze({ status, family: 'fileserver', body: msg })

/** fileop.go::formatJSONError, as upload handlers send it (still text/plain once http.Error runs). */
export const fileserverJsonError = (status: number, msg: string): ErrorValue =>
  fileserverError(status, `{"error": "${msg}"}`)

export const ERRORS = Object.freeze({
  // seahub/api2/authentication.py::TokenAuthentication and DRF's NotAuthenticated coerced to 403.
  NOT_AUTHENTICATED: drfError(403, 'Authentication credentials were not provided.'),
  INVALID_TOKEN: drfError(401, 'Invalid token'),
  TOKEN_HEADER_EMPTY: drfError(401, 'Invalid token header. No credentials provided.'),
  TOKEN_HEADER_SPACES: drfError(401, 'Invalid token header. Token string should not contain spaces.'),
  USER_INACTIVE: drfError(401, 'User inactive or deleted'),
  PERMISSION_DENIED_DRF: drfError(403, 'You do not have permission to perform this action.'),
  // authentication.py::authenticate_v2 (DeviceRemoteWipedException) and base.py::APIView.dispatch's header.
  DEVICE_WIPED: Object.freeze({
    ...drfError(401, 'Device set to be remote wiped'),
    headers: Object.freeze({ 'X-Seafile-Wiped': 'true' }),
  }),
  // DRF's handling of Django's Http404 (get_object_or_404 in an APIView).
  DRF_NOT_FOUND: drfError(404, 'Not found.'),
  // authentication.py::RepoAPITokenAuthentication: no library API token of that key.
  REPO_TOKEN_INACTIVE: drfError(401, 'Token inactive or deleted'),
  // seahub/api2/serializers.py::AuthTokenSerializer
  BAD_CREDENTIALS: fieldError('non_field_errors', 'Unable to login with provided credentials.'),
  ACCOUNT_DISABLED: fieldError('non_field_errors', 'User account is disabled.'),
  INVALID_DEVICE_PARAMS: fieldError('non_field_errors', 'invalid params'),
  // Common seahub messages.
  PERMISSION_DENIED: seahubError(403, 'Permission denied.'),
  LIBRARY_NOT_FOUND: seahubError(404, 'Library not found.'),
  PATH_MISSING: seahubError(400, 'Path is missing.'),
  PATH_INVALID: seahubError(400, 'Path is invalid.'),
  PATH_MISSING_OR_INVALID: seahubError(400, 'Path is missing or invalid.'),
  P_INVALID: seahubError(400, 'p invalid.'),
  FILE_NOT_FOUND: seahubError(404, 'File not found'),
  PASSWORD_NEEDED: seahubError(440, 'Library password is needed.'),
  INCORRECT_PASSWORD: seahubError(400, 'Incorrect password'),
  NAME_INVALID: seahubError(400, 'name invalid.'),
  FILE_NAME_INVALID: seahubError(400, 'File name invalid.'),
  FOLDER_NAME_INVALID: seahubError(400, 'Folder name invalid.'),
  OPERATION_FAILED: seahubError(520, 'Operation failed.'),
  // api_error(500, 'Internal Server Error'): what the v2.1 views answer when a seafile RPC raises.
  INTERNAL_SERVER_ERROR: seahubError(500, 'Internal Server Error'),
  // The folder listings (api2 views.py::DirView.get and endpoints/dir.py::DirView.get).
  T_INVALID: seahubError(400, "'t'(type) should be 'f' or 'd'."),
  RECURSIVE_INVALID: seahubError(
    400,
    "If you want to get recursive dir entries, you should set 'recursive' argument as '1'.",
  ),
  // fileop.go::accessCB / parseUploadHeaders
  ACCESS_TOKEN_NOT_FOUND: fileserverError(403, 'Access token not found'),
  OP_MISMATCH: fileserverError(403, 'Operation does not match access token.'),
  REPO_ENCRYPTED_NO_PASSWORD: fileserverError(400, 'Repo is encrypted. Please provide password to view it.'),
  FILESERVER_NOT_FOUND: fileserverError(404, '404 page not found'),
  // Django's 404 page (DEBUG off, no template).
  DJANGO_NOT_FOUND: Object.freeze({
    status: 404,
    family: 'django',
    body: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n',
  } as ErrorValue),
})

/** Thrown by handlers; `onError` renders `value`. */
export class SeafileError extends Error {
  override readonly name = 'SeafileError'
  constructor(readonly value: ErrorValue) {
    super(typeof value.body === 'string' ? value.body : JSON.stringify(value.body))
  }
}

/** Throws `value` as a SeafileError: `fail(ERRORS.X)` reads as the real server's `return api_error(...)`. */
export function fail(value: ErrorValue): never {
  throw new SeafileError(value)
}

/** The wire response of an error value. */
export function renderError(value: ErrorValue): Response {
  const headers = new Headers(value.headers)
  if (value.family === 'django') {
    headers.set('Content-Type', 'text/html; charset=utf-8')
    return new Response(String(value.body), { status: value.status, headers })
  }
  if (value.family === 'fileserver') {
    // http.Error forces the text type and nosniff, and appends "\n".
    headers.set('Content-Type', 'text/plain; charset=utf-8')
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(`${value.body}\n`, { status: value.status, headers })
  }
  headers.set('Content-Type', 'application/json')
  return new Response(asciiJson(value.body), { status: value.status, headers })
}
