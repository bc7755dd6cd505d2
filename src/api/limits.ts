/** Limits of the spec (v1.0.0) and of this service, in one place. */
export const MAX_NAME_LENGTH = 255
export const MAX_ORIGINS = 20
export const MAX_META_ENTRIES = 1000
export const MAX_CIDS_PER_QUERY = 10
export const MIN_LIMIT = 1
export const MAX_LIMIT = 1000
export const DEFAULT_LIMIT = 10
/** Largest request body accepted; a Pin with 1,000 meta entries fits easily. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
