// RFB (VNC, RFC 6143): codec, VNC authentication, and the view-only viewer filter.
export * from './codec.ts';
export * from './vnc-auth.ts';
export { createViewerFilter, isAllowedViewOnlyEncoding, MAX_ENCODINGS } from './viewer-filter.ts';
export type { ViewerFilter, ViewerFilterResult, ViewerFilterState, ViewerFilterStats } from './viewer-filter.ts';
export { createRfbClientParser } from './client-parser.ts';
export type { RfbClientEvent, RfbClientOptions, RfbClientParser, RfbClientState } from './client-parser.ts';
