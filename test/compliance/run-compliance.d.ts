export interface ComplianceOptions {
  /** Base URL of the API, e.g. 'http://127.0.0.1:5180/api/v1'. */
  endpoint: string
  /** A valid access token, sent as `Authorization: Bearer <token>`. */
  token: string
  /** Local ipfs-pinning-service.yaml v1.0.0; default process.env.PINNING_SPEC_PATH, else the copy in ./spec. */
  specPath?: string
  /** Default 240000. */
  timeoutMs?: number
}

export interface ComplianceResult {
  /** 9 on a full run; 5 when the spec could not be loaded. */
  total: number
  passed: number
  failed: number
  /** passed === total (also true for 5/5: gate on total === 9 too). */
  success: boolean
  reportMarkdown: string
  output: string
}

export function runCompliance (options: ComplianceOptions): Promise<ComplianceResult>
