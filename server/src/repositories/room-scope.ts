// The one room-scope type: which rooms a caller may see or act on, as the access module
// computes it (Grants.scope) and as repositories turn it into a WHERE clause.
export type RoomScope = { all: true } | { all: false; siteIds: string[]; roomIds: string[] };
