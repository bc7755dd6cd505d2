import { UnauthorizedError } from './errors.ts'
import type { TokenService } from '../service/token-service.ts'

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i

/** Checks `Authorization: Bearer <token>`; throws a 401 that says what was wrong. */
export async function authenticate (request: Request, tokens: TokenService): Promise<void> {
  const header = request.headers.get('authorization')
  if (header === null || header.trim() === '') {
    throw new UnauthorizedError('An access token is required: send the header "Authorization: Bearer <token>"')
  }
  const token = BEARER.exec(header)?.[1]
  if (token === undefined) throw new UnauthorizedError('The Authorization header must have the form "Bearer <token>"')
  if (!await tokens.verify(token)) throw new UnauthorizedError('The access token is invalid or has been revoked')
}
