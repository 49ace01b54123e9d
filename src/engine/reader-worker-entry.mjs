// Lets the TypeScript worker run from source: registers tsx in this thread, then loads it.
import { register } from 'tsx/esm/api'

register()
await import('./reader-worker.ts')
