// The simulator's built-in VNC (RFB 3.8) server that draws a synthetic room console.
export { startRfbServer } from './rfb-server.ts';
export type { RfbServer, RfbServerInspection, RfbServerOptions } from './rfb-server.ts';
export { RfbViewer, connectTcpViewer, connectWsViewer } from './rfb-viewer.ts';
export { COLOURS as CONSOLE_COLOURS } from './console-screen.ts';
