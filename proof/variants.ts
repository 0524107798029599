/**
 * Deliberately broken servers: each variant breaks one documented behaviour of the server behind the proxy.
 * The proof runs the conformance suite against every variant and expects it to fail on each one.
 * One family of behaviours per file under proof/variants/; a new family is one import and one entry below.
 */
import type { Variant } from './proxy.ts'
import { authVariants } from './variants/auth.ts'
import { directoryVariants } from './variants/directories.ts'
import { downloadVariants } from './variants/downloads.ts'
import { errorVariants } from './variants/errors.ts'
import { fileVariants } from './variants/files.ts'
import { historyVariants } from './variants/history.ts'
import { libraryVariants } from './variants/libraries.ts'
import { refusalVariants } from './variants/refusals.ts'
import { resumableVariants } from './variants/resumable.ts'
import { robustnessVariants } from './variants/robustness.ts'
import { sharingVariants } from './variants/sharing.ts'
import { syncVariants } from './variants/sync.ts'
import { uploadVariants } from './variants/uploads.ts'

export const VARIANTS: Variant[] = [
  ...authVariants,
  ...errorVariants,
  ...libraryVariants,
  ...directoryVariants,
  ...fileVariants,
  ...historyVariants,
  ...uploadVariants,
  ...resumableVariants,
  ...downloadVariants,
  ...sharingVariants,
  ...syncVariants,
  ...refusalVariants,
  ...robustnessVariants,
]
