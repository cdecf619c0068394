/** DI token for the shared command connection (leaderboards, reach, health pings, markers). */
export const REDIS = Symbol('REDIS');
