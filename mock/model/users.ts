/**
 * Accounts and API tokens. v1 tokens are one per user (`get_or_create`); v2 tokens one per
 * (user, platform, device_id) (seahub/api2/models.py). Keys are 40 lowercase hex (`Token.generate_key`).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { MetaStore } from '../store/MetaStore.ts'
import { nowSeconds } from './repoTree.ts'

export const USERS = 'users'
export const TOKENS = 'tokens'

export interface UserRecord {
  /** The user name: the e-mail, or (seahub ≥ 11) a virtual id `<32 hex>@auth.local`. */
  email: string
  /** The login e-mail of a virtual id (Profile.contact_email). */
  contactEmail?: string
  name: string
  /** `salt$sha256(salt + password)`. */
  password: string
  isStaff: boolean
  isActive: boolean
  /** Seconds. */
  created: number
  /** Bytes; negative = unlimited (-2, seafile's INFINITE_QUOTA). */
  quota: number
  note?: string
  lastLogin?: number
  /** Two-factor authentication on: the base32 TOTP secret (model/totp.ts). */
  totpSecret?: string
}

export interface TokenRecord {
  key: string
  email: string
  /** v2 tokens only. */
  device?: {
    platform: string
    deviceId: string
    deviceName: string
    clientVersion: string
    platformVersion: string
  }
  created: number
  /** Seconds; set when the user unlinks the device with `wipe_device=true` (TokenV2.wiped_at). */
  wipedAt?: number
}

export interface DefaultAccount {
  email: string
  password: string
  isStaff?: boolean
  name?: string
}

const hashPassword = (password: string, salt = randomBytes(8).toString('hex')): string =>
  `${salt}$${createHash('sha256')
    .update(salt + password)
    .digest('hex')}`

export class Users {
  constructor(
    readonly meta: MetaStore,
    readonly defaultQuota: number,
  ) {}

  get(email: string): Promise<UserRecord | undefined> {
    return this.meta.get<UserRecord>(USERS, email)
  }

  async list(): Promise<UserRecord[]> {
    return (await this.meta.list<UserRecord>(USERS)).map(([, u]) => u)
  }

  async create(
    input: DefaultAccount & { isActive?: boolean; note?: string; virtualId?: boolean },
  ): Promise<UserRecord> {
    const user: UserRecord = {
      email: input.virtualId ? `${randomBytes(16).toString('hex')}@auth.local` : input.email,
      name: input.name ?? input.email.split('@')[0]!,
      password: hashPassword(input.password),
      isStaff: input.isStaff ?? false,
      isActive: input.isActive ?? true,
      created: nowSeconds(),
      quota: this.defaultQuota,
    }
    if (input.note) user.note = input.note
    if (input.virtualId) user.contactEmail = input.email.toLowerCase()
    await this.meta.put(USERS, user.email, user)
    return user
  }

  async save(user: UserRecord): Promise<void> {
    await this.meta.put(USERS, user.email, user)
  }

  setPassword(user: UserRecord, password: string): void {
    user.password = hashPassword(password)
  }

  /** The account a login names: its user name, or the contact e-mail of a virtual id (seahub ≥ 11). */
  async byLogin(login: string): Promise<UserRecord | undefined> {
    const lower = login.toLowerCase()
    return (await this.get(login)) ?? (await this.list()).find((u) => u.contactEmail === lower)
  }

  /** The user if `password` matches (active or not: the caller reports "disabled"). */
  async authenticate(email: string, password: string): Promise<UserRecord | undefined> {
    const user = await this.byLogin(email)
    if (!user) return undefined
    const [salt, digest] = user.password.split('$')
    const actual = Buffer.from(hashPassword(password, salt).split('$')[1]!)
    return timingSafeEqual(actual, Buffer.from(digest ?? '')) ? user : undefined
  }

  /** Deletes the account and every token of it. */
  async delete(email: string): Promise<void> {
    const tokens = (await this.meta.list<TokenRecord>(TOKENS)).filter(([, t]) => t.email === email)
    await this.meta.batch([
      { op: 'delete', ns: USERS, key: email },
      ...tokens.map(([key]) => ({ op: 'delete' as const, ns: TOKENS, key })),
    ])
  }

  /** get_token_v1 / get_token_v2: the existing token for this user (and device), or a new one. */
  async issueToken(email: string, device?: TokenRecord['device']): Promise<string> {
    const existing = (await this.meta.list<TokenRecord>(TOKENS)).find(
      ([, t]) =>
        t.email === email &&
        (device
          ? t.device?.platform === device.platform && t.device.deviceId === device.deviceId
          : t.device === undefined),
    )
    // TokenV2Manager.get_or_create_token: a device marked to be wiped gets a new token.
    if (existing?.[1].wipedAt !== undefined) await this.meta.delete(TOKENS, existing[0])
    else if (existing) return existing[0]
    // Token.generate_key: hmac(uuid4, sha1).hexdigest().
    const key = createHash('sha1').update(randomUUID()).digest('hex')
    const record: TokenRecord = { key, email, created: nowSeconds() }
    if (device) record.device = device
    await this.meta.put(TOKENS, key, record)
    return key
  }

  getToken(key: string): Promise<TokenRecord | undefined> {
    return this.meta.get<TokenRecord>(TOKENS, key)
  }
}
