/**
 * The seed file: accounts and libraries (with directories and files) the mock starts with, and returns to
 * on every `POST /__mock__/reset`. YAML or JSON; `docs/client-developers.md` documents every field.
 */
import { z } from 'zod'

const email = z.string().min(3).includes('@')

export const SeedUserSchema = z.strictObject({
  email,
  password: z.string(),
  name: z.string().optional(),
  isStaff: z.boolean().optional(),
  /** Bytes; negative = unlimited. */
  quota: z.number().int().optional(),
  /** Turns two-factor authentication on: the base32 TOTP secret; auth-token then wants `X-Seafile-OTP`. */
  totpSecret: z
    .string()
    .regex(/^[A-Za-z2-7=\s]+$/)
    .optional(),
})

const absolutePath = z.string().startsWith('/', { message: 'paths start with "/"' })
/** A time as ISO 8601 text or Unix seconds. */
const time = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])

/** Exactly one content source per file. */
const SeedFileSchema = z
  .strictObject({
    path: absolutePath,
    /** UTF-8 text. */
    text: z.string().optional(),
    /** Bytes in base64. */
    base64: z.base64().optional(),
    /** A file on disk, relative to the seed file. */
    file: z.string().min(1).optional(),
    /** This many deterministic pseudo-random bytes (the same on every machine and reset). */
    bytes: z.number().int().nonnegative().optional(),
    mtime: time.optional(),
  })
  .refine((f) => [f.text, f.base64, f.file, f.bytes].filter((v) => v !== undefined).length === 1, {
    message: 'a file needs exactly one of text, base64, file, bytes',
  })

export const SeedLibrarySchema = z.strictObject({
  name: z.string().min(1),
  owner: email,
  /** A fixed library id, so client tests can hard-code it. */
  id: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lowercase 36-character uuid')
    .optional(),
  desc: z.string().optional(),
  /** Makes a server-side encrypted library (enc_version 2); clients must set the password first (440). */
  password: z.string().min(1).optional(),
  /** Directories to create (parents included), e.g. an empty folder. */
  dirs: z.array(absolutePath).optional(),
  files: z.array(SeedFileSchema).optional(),
})

/** A library of the seed (or already in the mock): its id, or its name if no other library has it. */
const libraryRef = z.string().min(1)
const permission = z.enum(['r', 'rw', 'admin']).default('r')
const token = z.string().regex(/^[0-9a-f]{20}$/, '20 lowercase hex characters')

export const SeedGroupSchema = z.strictObject({
  name: z.string().min(1),
  /** The creator: a member and a group admin. */
  owner: email,
  members: z.array(email).optional(),
  /** Members who are group admins (staff). */
  admins: z.array(email).optional(),
})

/** A library shared to a user, to a group, or to every user of the server (`public`). */
export const SeedShareSchema = z
  .strictObject({
    library: libraryRef,
    to: email.optional(),
    group: z.string().min(1).optional(),
    public: z.literal(true).optional(),
    permission,
  })
  .refine((s) => [s.to, s.group, s.public].filter((v) => v !== undefined).length === 1, {
    message: 'a share needs exactly one of to, group, public',
  })

/** A share link: a file, or a folder when the path ends with `/` or names a folder. */
export const SeedLinkSchema = z.strictObject({
  library: libraryRef,
  path: absolutePath,
  /** A fixed token, so client tests can open `/f/<token>/` or `/d/<token>/`. */
  token: token.optional(),
  password: z.string().min(1).optional(),
  expireDays: z.number().int().positive().optional(),
  /** Who made it; default the library's owner. */
  owner: email.optional(),
})

export const SeedUploadLinkSchema = SeedLinkSchema.omit({ expireDays: true })

export const SeedSchema = z.strictObject({
  users: z.array(SeedUserSchema).optional(),
  libraries: z.array(SeedLibrarySchema).optional(),
  groups: z.array(SeedGroupSchema).optional(),
  shares: z.array(SeedShareSchema).optional(),
  links: z.array(SeedLinkSchema).optional(),
  uploadLinks: z.array(SeedUploadLinkSchema).optional(),
})

export type Seed = z.output<typeof SeedSchema>
export type SeedLibrary = z.output<typeof SeedLibrarySchema>
