/**
 * The OASIS KMIP test-case replay harness (`npm run conformance`): runs the test-case files of
 * test/vectors/oasis against a KMIP server and reports which pass. See docs/CONFORMANCE.md and
 * test/vectors/oasis/README.md.
 *
 * In-process use (a server in the same process, or a fake):
 * ```ts
 * const run = await runConformance({ connect: () => myDuplex(), files: selectFiles(loadManifest(), { versions: ['2.1'] }) });
 * ```
 */
export { runConformance, runFile, type Connector, type ConformanceRun, type FileResult, type BatchItemRecord, type RunOptions } from './runner.js';
export { ServerState } from './state.js';
export { removeObjects, type CleanupOutcome } from './cleanup.js';
export { tlsConnector, duplexPair, type TlsTarget } from './connect.js';
export { httpsConnector, type HttpsTarget } from './https-connect.js';
export {
  loadManifest,
  selectFiles,
  readTestCase,
  findDependencies,
  planRun,
  defaultVectorsDir,
  type ConformanceFile,
  type Selection,
  type PlannedFile,
} from './manifest.js';
export { compareResponse, type CompareInput } from './compare.js';
export { formatDifference, type Difference } from './format.js';
export { renderReport, type ReportMeta } from './report.js';
export { checkPassing, readKnownFailures, readPassing, updatedPassing, writePassing, type PassingCheck } from './passing.js';
export { RULES, type Rule, type RuleName } from './rules.js';
export { parseTestCase, type TestCase, type TestStep, type TNode } from './testcase.js';
export { queryServerVersion, main, type CliOutput } from './cli.js';
