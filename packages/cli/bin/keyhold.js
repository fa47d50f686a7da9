#!/usr/bin/env node
// The `keyhold` command. This plain-JavaScript launcher is committed (not built) so that npm can
// link it during `npm ci`, before the root `prepare` script has compiled the TypeScript.
import '../dist/src/bin.js';
