/** The transport layer: bytes on a serial line, kept connected, as requests and replies. */
export { TypedEmitter, type Listener } from './emitter.ts';
export {
  TransportError,
  TimeoutError,
  LinkLostError,
  LinkClosedError,
  LinkNotOpenError,
  OpenFailedError,
  InvalidReplyError,
} from './errors.ts';
export { TrafficLog, type TrafficLogEntry, type TrafficDirection, type TrafficLogSink } from './traffic-log.ts';
export { listPorts, portMatches, type PortInfo, type PortMatch, type PortSource, type ListPortsOptions, type ListedPort } from './ports.ts';
export {
  SerialLink,
  defaultOpener,
  type SerialLinkOptions,
  type SerialLinkEvents,
  type SerialPortLike,
  type PortOpener,
  type OpenRequest,
  type BackoffOptions,
  type LinkState,
} from './serial-link.ts';
export {
  RequestChannel,
  type ByteLink,
  type Framer,
  type FramerFactory,
  type ReplyValidator,
  type ValidationResult,
  type RequestOptions,
  type DirectRequest,
  type RequestChannelOptions,
  type RequestChannelEvents,
} from './request-channel.ts';
export { LineTransport, lfLineFramer, type LineTransportOptions, type LineRequestOptions, type LineDecodeResult } from './line-transport.ts';
