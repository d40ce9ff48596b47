/**
 * Runs several `haipump` command lines in one process (one tsx start-up instead of one each) and
 * prints their results as one JSON array. The read-only test runs it as another user.
 * Args: a JSON array of argument lists.
 */
import { runInProcess } from '../cli/in-process.ts';

const lists = JSON.parse(process.argv[2] ?? '[]') as string[][];
const results = [];
for (const args of lists) results.push(await runInProcess(args));
process.stdout.write(`${JSON.stringify(results)}\n`);
