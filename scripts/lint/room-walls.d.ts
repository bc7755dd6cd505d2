// Types of room-walls.js for scripts/room-graph.ts (the walls stay JavaScript: eslint.config.js loads them as is).
export declare const ROOM_IMPORTS: Record<string, string[]>
export declare const roomWalls: object[]
