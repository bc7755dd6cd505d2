import { DEFAULT_ENGINE_CONFIG, checkEngineConfig, settingProblemText } from '../settings/engine-config.ts'
import { InvalidArgumentError } from '../service/errors.ts'
import type { DatabaseConnection } from './database.ts'
import type { EngineConfig } from '../settings/engine-config.ts'

const ENGINE_CONFIG = 'engine-config'

/** The engine settings a person changed, kept in IndexedDB; what is not set follows the defaults. */
export interface SettingsStore {
  get(): Promise<EngineConfig>
  /** Validates and stores changes; throws InvalidArgumentError (nothing stored) when any is wrong. */
  update(changes: Partial<EngineConfig>): Promise<EngineConfig>
  /** Back to the defaults. */
  reset(): Promise<EngineConfig>
}

export function createSettingsStore (connection: DatabaseConnection): SettingsStore {
  const overrides = async () =>
    (await (await connection.open()).get('settings', ENGINE_CONFIG) ?? {}) as Partial<EngineConfig>
  return {
    async get () {
      return { ...DEFAULT_ENGINE_CONFIG, ...await overrides() }
    },
    async update (changes) {
      const known = Object.fromEntries(Object.entries(changes).filter(([key]) => key in DEFAULT_ENGINE_CONFIG))
      const problems = checkEngineConfig(known)
      if (problems.length > 0) {
        throw new InvalidArgumentError(`Invalid settings: ${problems.map(settingProblemText).join('; ')}`)
      }
      const next = { ...await overrides(), ...known }
      await (await connection.open()).put('settings', next, ENGINE_CONFIG)
      return { ...DEFAULT_ENGINE_CONFIG, ...next }
    },
    async reset () {
      await (await connection.open()).delete('settings', ENGINE_CONFIG)
      return { ...DEFAULT_ENGINE_CONFIG }
    }
  }
}
