/**
 * Transaction scheduling shared by the backends: serialised (and nested) transactions over an
 * async callback, with misuse detected instead of deadlocking.
 *
 * A {@link Scope} is the store itself (the root) or one running transaction. Each scope has a FIFO
 * mutex; a transaction started on a scope holds that scope's mutex for its whole duration, so:
 *
 * * transactions on the store run one after the other, in call order;
 * * a write on the store while a transaction runs waits for it (and is never part of it);
 * * inside a transaction, a nested transaction (a savepoint) holds the transaction's mutex, so
 *   calls on the outer transaction handle wait for the nested one to finish.
 *
 * Waiting for a nested transaction *from inside it* (e.g. `store.put()` in a `store.transaction()`
 * callback instead of `tx.put()`) would wait forever. The scope in whose callback the code runs is
 * tracked with AsyncLocalStorage, and such a call throws `KEYHOLD_ERR_STORE_TX_MISUSE` at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreError } from './errors.js';

/** FIFO mutex; unlock hands ownership straight to the next waiter. */
class Mutex {
  private locked = false;
  private readonly waiters: (() => void)[] = [];

  tryLock(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  lock(): Promise<void> {
    if (this.tryLock()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.locked = false;
    else next();
  }
}

const current = new AsyncLocalStorage<Scope>();

function isPromiseLike<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** What a backend does to begin, commit and roll back one level of transaction. */
export interface ScopeHooks {
  begin(depth: number): void | Promise<void>;
  commit(depth: number): void | Promise<void>;
  rollback(depth: number): void | Promise<void>;
}

/** The store (depth 0) or a running transaction (depth ≥ 1). */
export class Scope {
  readonly parent: Scope | undefined;
  readonly depth: number;
  private readonly mutex = new Mutex();
  private child: Scope | undefined;
  private finished = false;

  constructor(parent?: Scope) {
    this.parent = parent;
    this.depth = parent === undefined ? 0 : parent.depth + 1;
  }

  /** True once the transaction ended (or the store closed). */
  get isFinished(): boolean {
    return this.finished;
  }

  private finishedError(): StoreError {
    return this.depth === 0
      ? new StoreError('KEYHOLD_ERR_STORE_CLOSED', 'The store is closed')
      : new StoreError('KEYHOLD_ERR_STORE_TX_MISUSE', 'This transaction has already finished; use the store (or an active transaction)');
  }

  /** True when the calling code runs inside `scope`'s callback (or a deeper one). */
  private static callerWithin(scope: Scope): boolean {
    for (let s = current.getStore(); s !== undefined; s = s.parent) if (s === scope) return true;
    return false;
  }

  /**
   * Throws when this scope cannot be used now: finished, or — when `wouldWait` — its nested
   * transaction is running and the caller is inside that very transaction.
   */
  assertUsable(wouldWait: boolean): void {
    if (this.finished) throw this.finishedError();
    if (wouldWait && this.child !== undefined && Scope.callerWithin(this.child)) {
      throw new StoreError(
        'KEYHOLD_ERR_STORE_TX_MISUSE',
        this.depth === 0
          ? 'The store was called from inside one of its transactions; use the transaction handle passed to the callback (the call would wait for the transaction forever)'
          : 'An outer transaction was called from inside its nested transaction; use the nested handle passed to the callback (the call would wait forever)',
      );
    }
  }

  /**
   * Runs a store operation exclusively with respect to transactions nested in this scope: at
   * once (synchronously, when `op` is synchronous) if none runs or waits, else after them.
   */
  run<T>(op: () => T | Promise<T>): Promise<T> {
    try {
      this.assertUsable(true);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.mutex.tryLock()) return this.holding(op);
    return this.mutex.lock().then(() => {
      if (this.finished) {
        this.mutex.unlock();
        throw this.finishedError();
      }
      return this.holding(op);
    });
  }

  /** Runs `op` while holding the mutex (already acquired) and releases it when `op` settles. */
  private holding<T>(op: () => T | Promise<T>): Promise<T> {
    let result: T | Promise<T>;
    try {
      result = op();
    } catch (err) {
      this.mutex.unlock();
      return Promise.reject(err);
    }
    if (!isPromiseLike(result)) {
      this.mutex.unlock();
      return Promise.resolve(result);
    }
    return result.finally(() => this.mutex.unlock());
  }

  /**
   * Runs `fn` in a nested scope: waits for this scope's mutex, begins, runs `fn` with the handle
   * `makeHandle` built for the new scope, then commits — or rolls back and re-throws when `fn`
   * throws or commit fails. Work the callback started on the nested scope and did not await is
   * waited for before committing.
   */
  async transaction<H, T>(hooks: ScopeHooks, makeHandle: (scope: Scope) => H, fn: (handle: H) => Promise<T>): Promise<T> {
    this.assertUsable(true);
    await this.mutex.lock();
    const child = new Scope(this);
    try {
      if (this.finished) throw this.finishedError();
      await hooks.begin(child.depth);
      this.child = child;
      let result: T;
      try {
        result = await current.run(child, () => fn(makeHandle(child)));
      } catch (err) {
        await child.close();
        await Scope.rollbackQuietly(hooks, child.depth);
        throw err;
      }
      await child.close();
      try {
        await hooks.commit(child.depth);
      } catch (err) {
        await Scope.rollbackQuietly(hooks, child.depth);
        throw err;
      }
      return result;
    } finally {
      this.child = undefined;
      this.mutex.unlock();
    }
  }

  /** Rolls back; a failure to do so must not hide the error that caused the rollback. */
  private static async rollbackQuietly(hooks: ScopeHooks, depth: number): Promise<void> {
    try {
      await hooks.rollback(depth);
    } catch {}
  }

  /** Waits for everything running or queued on this scope, then marks it finished for good. */
  async close(): Promise<void> {
    if (this.finished) return;
    this.assertUsable(true);
    await this.mutex.lock();
    this.finished = true;
    this.mutex.unlock();
  }
}
