/** Reads a scenario file (YAML, or JSON by extension) and validates it; never throws. */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseScenarioDocument, type Issue, type Scenario } from './schema.ts';

export interface LoadedFile {
  file: string;
  scenarios: Scenario[];
  /** Non-empty: the file is invalid and none of its scenarios run. */
  issues: Issue[];
}

export function loadScenarioFile(file: string): LoadedFile {
  const stem = basename(file, extname(file));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, scenarios: [], issues: [{ path: '', message: `cannot read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  let doc: unknown;
  try {
    doc = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    return { file, scenarios: [], issues: [{ path: '', message: `not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${message}` }] };
  }
  const parsed = parseScenarioDocument(doc, stem);
  return { file, ...parsed };
}

/** `file: steps[3].expect: message`, or `file: message` for a whole-file problem. */
export function formatIssue(file: string, issue: Issue): string {
  return issue.path === '' ? `${file}: ${issue.message}` : `${file}: ${issue.path}: ${issue.message}`;
}
