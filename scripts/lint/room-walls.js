// The rooms of src/ and the only rooms each may import from: every arrow between rooms points one way (down this
// list, roughly), so a room can be read, tested and changed knowing only what is below it. A room is a folder of
// src/, or one file at its top. An import into any room not listed for it fails `npm run lint` (and `npm test`).
// To add an arrow, add it here and say why in the commit: it is a change to the shape of the house.
export const ROOM_IMPORTS = {
  'problem.ts': [],
  'format-bytes.ts': [],
  'each-at-most.ts': [],
  'blocks/': [],
  'sync/': [],
  'service/': [],
  'settings/': ['problem.ts'],
  'api/': ['problem.ts', 'service/'],
  'store/': ['service/', 'settings/'],
  'config.ts': ['api/', 'store/'],
  'identity/': ['service/', 'store/'],
  'content/': ['config.ts', 'service/', 'sync/'],
  'gateway/': ['blocks/', 'config.ts', 'format-bytes.ts', 'service/'],
  'service-core.ts': ['identity/', 'service/', 'store/', 'sync/'],
  'replication/': ['api/', 'each-at-most.ts', 'gateway/', 'problem.ts', 'service/', 'store/', 'sync/'],
  'backup/': ['api/', 'blocks/', 'content/', 'service/', 'store/', 'sync/'],
  'engine/': [
    'blocks/',
    'config.ts',
    'content/',
    'each-at-most.ts',
    'format-bytes.ts',
    'identity/',
    'replication/',
    'settings/',
    'store/',
    'sync/'
  ],
  'sw/': ['api/', 'config.ts', 'content/', 'gateway/', 'service-core.ts', 'store/', 'sync/'],
  // The library's front door: what apps (and the UI) may use.
  'index.ts': [
    'api/',
    'backup/',
    'config.ts',
    'content/',
    'engine/',
    'format-bytes.ts',
    'identity/',
    'problem.ts',
    'replication/',
    'service-core.ts',
    'service/',
    'settings/',
    'store/',
    'sw/',
    'sync/'
  ],
  // The page sees the service only through the front door, as any app would.
  'ui/': ['index.ts'],
  'main.ts': ['index.ts', 'ui/']
}

/** A regex-safe spelling of a room as it follows `./` or `../` in an import: a folder and anything in it, or one file. */
function roomPattern (room) {
  const escaped = room.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return room.endsWith('/') ? escaped : `${escaped}$`
}

/** One ESLint block per room: any relative import leaving the room is refused unless it goes to a listed room. */
export const roomWalls = Object.entries(ROOM_IMPORTS).map(([room, allowed]) => {
  // Rooms' files sit one folder deep (they leave with `../`); top files sit at src/ (they leave with `./`).
  const inFolder = room.endsWith('/')
  const leaving = inFolder ? '\\.\\./' : '\\./(?!' + roomPattern(room) + ')'
  const through = allowed.length === 0 ? '' : `(?!(?:${allowed.map(roomPattern).join('|')}))`
  return {
    files: [inFolder ? `src/${room}**/*.ts` : `src/${room}`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: `^${leaving}${through}`,
          message: `${room} may import only from ${
            allowed.length === 0 ? 'no other room' : allowed.join(', ')
          } (scripts/lint/room-walls.js).`
        }]
      }]
    }
  }
})
