/** One whitespace-separated field of an MT-SICS line; `quoted` fields were written in double quotes. */
export interface Token {
  text: string;
  quoted: boolean;
}

/**
 * Splits a line on runs of whitespace (MT-SICS right-aligns values with spaces, so the number of
 * spaces carries no meaning), keeping a double-quoted string as one token even if it holds spaces.
 * Returns undefined for an unterminated quote.
 */
export function tokenize(line: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t') {
      i += 1;
      continue;
    }
    if (ch === '"') {
      const close = line.indexOf('"', i + 1);
      if (close === -1) return undefined;
      tokens.push({ text: line.slice(i + 1, close), quoted: true });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < line.length && line[end] !== ' ' && line[end] !== '\t' && line[end] !== '"') end += 1;
    tokens.push({ text: line.slice(i, end), quoted: false });
    i = end;
  }
  return tokens;
}

/** MT-SICS strings are written in double quotes; the protocol has no escape for a quote inside. */
export function quote(text: string): string {
  return `"${text.replaceAll('"', "'")}"`;
}
