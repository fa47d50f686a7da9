/**
 * Replays OASIS test-case files against a KMIP server: one connection per file, the file's
 * requests in order with placeholders resolved, each response compared with the expected one
 * (see compare.ts). A file passes when every response matches; otherwise the first difference is
 * its reason. After a difference the rest of the conversation is still replayed (without being
 * judged) so that the file's clean-up steps run and later files find the server as they expect.
 */
import type { Duplex } from 'node:stream';
import {
  ResultReason,
  ResultStatus,
  Tag,
  decodeTtlv,
  encodeTtlv,
  formatEnum,
  type TtlvNode,
} from '@keyhold/protocol';
import { MessageChannel } from './channel.js';
import { removeObjects, type CleanupOutcome } from './cleanup.js';
import { compareResponse } from './compare.js';
import { formatDifference, type Difference } from './format.js';
import {
  defaultVectorsDir,
  findDependencies,
  loadManifest,
  planRun,
  readTestCase,
  type ConformanceFile,
} from './manifest.js';
import { recordStep } from './provenance.js';
import { buildRequest } from './request.js';
import { RULES } from './rules.js';
import { FileState, ServerState } from './state.js';
import type { TestCase } from './testcase.js';
import { child, childrenWith, numberOf, textOf } from './tree.js';

/** Opens a connection to the server for one file. */
export type Connector = (file: ConformanceFile) => Duplex | Promise<Duplex>;

/** One response batch item as the server answered it. */
export interface BatchItemRecord {
  readonly step: number;
  readonly operation: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  /** The server answered Result Reason "Operation Not Supported". */
  readonly operationNotSupported: boolean;
}

/** The outcome of one file. */
export interface FileResult {
  readonly file: ConformanceFile;
  readonly passed: boolean;
  /** For a failure: the first difference (or error), readable. */
  readonly reason?: string;
  readonly difference?: Difference;
  /** The file this one follows (its objects come from there). */
  readonly dependsOn?: string;
  /** Operations of the file's requests. */
  readonly operations: readonly string[];
  /** Every response batch item received. */
  readonly items: readonly BatchItemRecord[];
  readonly steps: number;
  readonly stepsRun: number;
  /** How often each comparison rule was used (rule id -> count). */
  readonly rules: Readonly<Record<string, number>>;
  readonly durationMs: number;
  /**
   * Set on the last file of a chain (or a file on its own) when objects were left: the clean-up
   * that followed (not judged; see cleanup.ts).
   */
  readonly cleanup?: CleanupOutcome;
}

/** Options of {@link runConformance}. */
export interface RunOptions {
  /** Opens one connection per file (TLS for a running server, a duplex pair in-process). */
  readonly connect: Connector;
  /** The files to run (manifest entries); prerequisites of chained files are added. */
  readonly files: readonly ConformanceFile[];
  /** The vectors folder (default: the repository's test/vectors/oasis). */
  readonly vectorsDir?: string;
  /** Every manifest entry, to find prerequisites (default: the manifest of `vectorsDir`). */
  readonly manifest?: readonly ConformanceFile[];
  /** Per-response timeout; default 30 s. */
  readonly responseTimeoutMs?: number;
  /** The clock for `$NOW`, in seconds since the epoch; default the system clock. */
  readonly now?: () => bigint;
  /**
   * Destroy what each file (or chain of files) created and left, before the next one runs, since
   * the test cases assume a fresh server; default true.
   */
  readonly cleanup?: boolean;
  /** Called after each file. */
  readonly onResult?: (result: FileResult, index: number, total: number) => void;
}

/** A finished run. */
export interface ConformanceRun {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly results: readonly FileResult[];
}

const systemNow = (): bigint => BigInt(Math.floor(Date.now() / 1000));

/** Runs the files in dependency order and returns one result per file. */
export async function runConformance(options: RunOptions): Promise<ConformanceRun> {
  const startedAt = new Date();
  const vectorsDir = options.vectorsDir ?? defaultVectorsDir();
  const manifest = options.manifest ?? loadManifest(vectorsDir);
  const parsed = new Map<string, TestCase | Error>();
  const read = (f: ConformanceFile): TestCase => {
    let tc = parsed.get(f.id);
    if (!tc) {
      try {
        tc = readTestCase(f, vectorsDir);
      } catch (err) {
        tc = err instanceof Error ? err : new Error(String(err));
      }
      parsed.set(f.id, tc);
    }
    if (tc instanceof Error) throw tc;
    return tc;
  };
  const deps = findDependencies(manifest, read, options.files);
  const plan = planRun(options.files, manifest, deps);
  const server = new ServerState();
  const results: FileResult[] = [];
  const passed = new Map<string, boolean>();
  const chain = new Set<string>();
  let leftovers: string[] = [];
  for (const [index, planned] of plan.entries()) {
    const replay = await replayFile(planned.file, read, server, options);
    let result = replay.result;
    if (planned.dependsOn !== undefined) {
      result = { ...result, dependsOn: planned.dependsOn };
      if (!result.passed && passed.get(planned.dependsOn) === false) {
        result = { ...result, reason: `${result.reason ?? ''} (depends on ${planned.dependsOn}, which failed)` };
      }
    }
    chain.add(planned.file.id);
    leftovers.push(...replay.leftovers);
    const next = plan[index + 1];
    const chainGoesOn = next?.dependsOn !== undefined && chain.has(next.dependsOn);
    if (!chainGoesOn) {
      if (leftovers.length > 0 && options.cleanup !== false) {
        const outcome = await removeObjects(options.connect, planned.file, leftovers, replay.protocolVersion, options.responseTimeoutMs ?? 30_000);
        result = { ...result, cleanup: outcome };
      }
      chain.clear();
      leftovers = [];
    }
    passed.set(planned.file.id, result.passed);
    results.push(result);
    options.onResult?.(result, index, plan.length);
  }
  return { startedAt, finishedAt: new Date(), results };
}

function batchItemRecords(step: number, request: TtlvNode, response: TtlvNode): BatchItemRecord[] {
  const reqItems = childrenWith(request, Tag.BatchItem);
  return childrenWith(response, Tag.BatchItem).map((item, i) => {
    const opValue = numberOf(child(item, Tag.Operation)) ?? numberOf(child(reqItems[i], Tag.Operation));
    const status = numberOf(child(item, Tag.ResultStatus));
    const reason = numberOf(child(item, Tag.ResultReason));
    const message = textOf(child(item, Tag.ResultMessage));
    return {
      step,
      operation: opValue !== undefined ? formatEnum(Tag.Operation, opValue) : '(none)',
      status: status !== undefined ? formatEnum(Tag.ResultStatus, status) : '(none)',
      ...(reason !== undefined ? { reason: formatEnum(Tag.ResultReason, reason) } : {}),
      ...(message !== undefined ? { message } : {}),
      operationNotSupported: status !== ResultStatus.Success && reason === ResultReason.OperationNotSupported,
    };
  });
}

/** Replays one file on a fresh connection (no clean-up, no prerequisites). */
export async function runFile(
  file: ConformanceFile,
  read: (f: ConformanceFile) => TestCase,
  server: ServerState,
  options: Pick<RunOptions, 'connect' | 'responseTimeoutMs' | 'now'>,
): Promise<FileResult> {
  return (await replayFile(file, read, server, options)).result;
}

interface Replay {
  readonly result: FileResult;
  /** Objects the file created and did not destroy. */
  readonly leftovers: readonly string[];
  /** Protocol version of the file's last request. */
  readonly protocolVersion: string;
}

async function replayFile(
  file: ConformanceFile,
  read: (f: ConformanceFile) => TestCase,
  server: ServerState,
  options: Pick<RunOptions, 'connect' | 'responseTimeoutMs' | 'now'>,
): Promise<Replay> {
  const replay = (result: FileResult): Replay => ({
    result,
    leftovers: state.leftovers(),
    protocolVersion: tc?.steps.at(-1)?.protocolVersion ?? file.version,
  });
  const t0 = performance.now();
  const items: BatchItemRecord[] = [];
  const state = new FileState();
  let tc: TestCase | undefined;
  const finish = (extra: { passed: boolean; reason?: string; difference?: Difference; stepsRun: number; operations: readonly string[]; steps: number }): FileResult => ({
    file,
    items,
    rules: Object.fromEntries(state.scope.ruleCounts()),
    durationMs: Math.round(performance.now() - t0),
    ...extra,
  });
  try {
    tc = read(file);
  } catch (err) {
    return replay(finish({ passed: false, reason: `error: cannot read the test case: ${errorText(err)}`, stepsRun: 0, operations: file.operations, steps: 0 }));
  }
  const base = { operations: tc.operations, steps: tc.steps.length };
  state.scope.noteRule(RULES.derivedFileWhitespace.id, tc.repairs);
  let channel: MessageChannel;
  try {
    channel = new MessageChannel(await options.connect(file));
  } catch (err) {
    return replay(finish({ ...base, passed: false, reason: `error: cannot connect: ${errorText(err)}`, stepsRun: 0 }));
  }
  const now = options.now ?? systemNow;
  const timeout = options.responseTimeoutMs ?? 30_000;
  let first: { reason: string; difference?: Difference } | undefined;
  let stepsRun = 0;
  try {
    for (const step of tc.steps) {
      let request: TtlvNode;
      try {
        request = buildRequest(step, state, now());
      } catch (err) {
        // Without this request the conversation cannot go on meaningfully; skip it and try the rest (clean-up).
        first ??= { reason: `step ${step.index}: cannot build the request: ${errorText(err)}` };
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await channel.exchange(encodeTtlv(request), timeout);
      } catch (err) {
        first ??= { reason: `step ${step.index}: ${errorText(err)}` };
        break;
      }
      stepsRun++;
      let actual: TtlvNode;
      try {
        actual = decodeTtlv(bytes);
      } catch (err) {
        first ??= { reason: `step ${step.index}: the response is not valid TTLV: ${errorText(err)}` };
        break;
      }
      items.push(...batchItemRecords(step.index, request, actual));
      recordStep(request, actual, server, state);
      const d = compareResponse({
        step: step.index,
        protocolVersion: step.protocolVersion,
        fileId: file.id,
        expected: step.response,
        actual,
        request,
        file: state,
        server,
      });
      if (d) first ??= { reason: formatDifference(d), difference: d };
    }
  } finally {
    channel.close();
  }
  if (first) return replay(finish({ ...base, passed: false, stepsRun, ...first }));
  return replay(finish({ ...base, passed: true, stepsRun }));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
