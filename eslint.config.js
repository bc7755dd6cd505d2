// The linter (`npm run lint`): neostandard's rules without its style ones (dprint formats, see dprint.json), and one
// import wall per room so that every arrow between rooms points one way (scripts/lint/room-walls.js).
// ESLint lives in tools/lint, a package of its own: typescript-eslint needs a TypeScript older than the project's.
import neostandard from './tools/lint/node_modules/neostandard/index.js'
import { roomWalls } from './scripts/lint/room-walls.js'

export default [
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'test-results/**',
      '.scratch/**',
      '.vite/**',
      'bench/results/**',
      'test/compliance/spec/**'
    ]
  },
  ...neostandard({ ts: true, noStyle: true }),
  {
    rules: {
      // `void promise` marks a promise left to run on purpose; as a value it hides mistakes.
      'no-void': ['error', { allowAsStatement: true }],
      // Off: the loops it flags wait on conditions that callbacks change between awaits (a stop flag, a stream
      // reader), which the rule cannot see.
      'no-unmodified-loop-condition': 'off'
    }
  },
  {
    files: ['**/*.ts'],
    rules: {
      // A leading underscore marks a value left unused on purpose (a skipped tuple slot, an ignored argument).
      '@typescript-eslint/no-unused-vars': ['error', {
        varsIgnorePattern: '^_',
        argsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_'
      }]
    }
  },
  ...roomWalls
]
