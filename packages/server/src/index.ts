/**
 * @keyhold/server — the KMIP server. Transport, executor, operations and store are built in the
 * server issue; until then it exports nothing.
 */
export {};
