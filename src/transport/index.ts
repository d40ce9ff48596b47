/** The transport layer: bytes on a serial line, kept connected, as requests and replies. */
export { TimeoutError, LinkLostError, LinkClosedError, LinkNotOpenError, OpenFailedError, InvalidReplyError } from './errors.ts';
export type { TrafficLogEntry, TrafficLogSink } from './traffic-log.ts';
export { SerialLink, type SerialPortLike, type PortOpener, type BackoffOptions } from './serial-link.ts';
export { RequestChannel, type ByteLink, type FramerFactory, type ReplyValidator, type ValidationResult } from './request-channel.ts';
export { LineTransport, type LineDecodeResult } from './line-transport.ts';
