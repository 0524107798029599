/**
 * Deliberately broken servers: each variant breaks one documented behaviour of the server behind the proxy.
 * The proof runs the conformance suite against every variant and expects it to fail on each one.
 * One family of behaviours per file under proof/variants/; a new family is one import and one entry below.
 */
import type { Variant } from './proxy.ts'
import { authVariants } from './variants/auth.ts'
import { CALIBRATION } from './variants/calibration.ts'
import { CALIBRATION_11 } from './variants/calibration11.ts'
import { CLIENTS_BOOTSTRAP_VARIANTS } from './variants/clients-bootstrap.ts'
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
import { api2ClientExtrasVariants, clientVariantVariants, v21BatchVariants } from './variants/v21-batch.ts'
import { V21_FILE_VARIANTS } from './variants/v21-files.ts'
import { v21LinkVariants } from './variants/v21-links.ts'

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
  ...v21LinkVariants,
  ...CLIENTS_BOOTSTRAP_VARIANTS,
  ...V21_FILE_VARIANTS,
  ...v21BatchVariants,
  ...api2ClientExtrasVariants,
  ...clientVariantVariants,
  ...CALIBRATION,
  ...CALIBRATION_11,
]
