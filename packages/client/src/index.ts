/**
 * @keyhold/client — the typed KMIP client. Its connection, batch and per-operation API are built
 * in the client issue; until then it exports nothing. The protocol layer it will use is
 * `@keyhold/protocol`.
 */
export {};
