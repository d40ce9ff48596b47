// NE-1000 basic-mode frames, one frame each [M]: host -> pump `<addr><CMD><data>` CR; pump ->
// host STX <reply> ETX. Safe-mode packets are safe-packet.ts's; splitting a byte stream into
// frames is the deframers' job (pump-side-deframer.ts, host-side-deframer.ts).
import { asciiBytes } from './bytes.ts';

export const STX = 0x02;
export const ETX = 0x03;
export const CR = 0x0d;

/** Host -> pump basic command: the text followed by CR. The text is sent as given (the pump,
 * not the host, drops spaces and upper-cases), so traffic logs show what was really sent. */
export function encodeBasicCommand(text: string): Uint8Array {
  const body = asciiBytes(text);
  const out = new Uint8Array(body.length + 1);
  out.set(body, 0);
  out[body.length] = CR;
  return out;
}

/** Pump -> host basic reply: STX <reply data> ETX, nothing after ETX. */
export function encodeBasicReply(text: string): Uint8Array {
  const body = asciiBytes(text);
  const out = new Uint8Array(body.length + 2);
  out[0] = STX;
  out.set(body, 1);
  out[body.length + 1] = ETX;
  return out;
}
