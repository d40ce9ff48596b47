/**
 * A small XML well-formedness check for the diagram tests (no XML parser in the dependencies):
 * tags balance and nest, attributes are quoted, and every `&` starts one of the five XML entities.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  let roots = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    for (const amp of text.matchAll(/&[^;\s]*;?/g)) {
      if (!/^&(amp|lt|gt|quot|apos);$/.test(amp[0])) problems.push(`bad entity ${amp[0]}`);
    }
    // A bare '>' is legal in XML text (the style block's child selectors use it); only ']]>' is not.
    if (text.includes(']]>')) problems.push(`']]>' in text near ${i}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`);
      break;
    }
    const [whole, closing, name = '', attrs = '', selfClosing] = m;
    for (const amp of attrs.matchAll(/&[^;\s"]*;?/g)) {
      if (!/^&(amp|lt|gt|quot|apos);$/.test(amp[0])) problems.push(`bad entity in attribute ${amp[0]}`);
    }
    if (stack.length === 0 && !closing) roots += 1;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!selfClosing) {
      stack.push(name);
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
