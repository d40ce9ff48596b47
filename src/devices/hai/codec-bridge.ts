/**
 * The HAI codec as the line transport's integrity hooks: a reply must carry a correct CRC when
 * we sent one (PROTOCOL.md 3.3/3.6), an unsolicited line's CRC is checked when present (3.5).
 * A line that fails is never delivered as if it were good.
 */
import { isUnsolicited, parseReply, parseUnsolicited, splitCrc } from '../../../protocols/hai/index.ts';
import type { LineDecodeResult } from '../../transport/index.ts';

export function haiLineDecoder(requireCrc: boolean): (line: string) => LineDecodeResult {
  return (line) => {
    if (isUnsolicited(line)) {
      const parsed = parseUnsolicited(line);
      // Kept whole (suffix and all): the listener parses it again for its fields.
      return parsed.ok ? { ok: true, line } : { ok: false, reason: `${parsed.reason}: ${parsed.detail}` };
    }
    const parsed = parseReply(line, { requireCrc });
    if (!parsed.ok) return { ok: false, reason: `${parsed.reason}: ${parsed.detail}` };
    return { ok: true, line: splitCrc(line).body };
  };
}

export { isUnsolicited };
