/** The conformance suite against the in-memory store (the reference semantics). */
import { MemoryStore } from '../src/store/memory.js';
import { describeObjectStore } from './store-conformance.js';

describeObjectStore('memory', async () => new MemoryStore());
