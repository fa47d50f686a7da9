#!/usr/bin/env node
// npm run conformance -- [options]: replays the OASIS KMIP test cases (test/vectors/oasis) against a
// running KMIP server over mutual TLS, writes docs/CONFORMANCE.md, and with --ci fails when a file
// listed in test/conformance/passing.json fails. Starts no server. `--help` lists the options.
// The harness lives in packages/server/conformance (compiled by `npm run build`).
import { main } from '../packages/server/dist/conformance/cli.js';

process.exitCode = await main(process.argv.slice(2));
