/** Files (seahub/api2/views.py::FileView get/put/delete, FileDetailView, FileHistory, FileRevision). */
import { fileReadRoutes } from './files/read.ts'
import { fileWriteRoutes } from './files/write.ts'
import type { RouteContext } from './types.ts'

/** Files (seahub FileView and friends), one part per kind (mock/routes/files/), registered in this order. */
export function fileRoutes(ctx: RouteContext): void {
  fileReadRoutes(ctx)
  fileWriteRoutes(ctx)
}
