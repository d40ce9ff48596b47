import type { IncomingMessage } from 'node:http';
import type * as z from 'zod';
import { describeIssues } from '../../model/schema-issues.ts';
import { HttpError } from './respond.ts';

/** A scenario upload is the largest body (a YAML file); 256 KiB is generous for one. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Reads a JSON body, refuses it past `maxBytes`, and validates it with `schema`: 400 or 413 otherwise. */
export async function readJsonBody<S extends z.ZodType>(req: IncomingMessage, schema: S, maxBytes = MAX_BODY_BYTES): Promise<z.output<S>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, `expected Content-Type application/json, got "${type}"`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new HttpError(413, `body over ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `body is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new HttpError(400, describeIssues(result.error, { data: raw }).join('; '));
  return result.data;
}
