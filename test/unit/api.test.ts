import { describe } from 'vitest'
import { apiContract } from '../support/api-contract.ts'
import { createNodeService } from '../support/node-service.ts'

describe('the API on the handler in Node (fake-indexeddb)', () => {
  apiContract(async () => (await createNodeService()).client)
})
