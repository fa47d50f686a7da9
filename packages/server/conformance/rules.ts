/**
 * Every place where the conformance comparator does not demand an exact match is one of these
 * named rules, each taken from test/vectors/oasis/README.md (§3 placeholders; §4 "Are responses
 * compared exactly? — the permitted variations", which quotes the profiles' "Permitted Test Case
 * Variations" and ends with the practical rule set). Nothing outside this table is loosened: any
 * other difference fails the file. The comparator counts how often each rule was used, and
 * docs/CONFORMANCE.md prints the table.
 */

/** One permitted variation. */
export interface Rule {
  /** Stable identifier, used in code, results and the report. */
  readonly id: string;
  /** Where the README allows it. */
  readonly readme: string;
  /** What the harness does. */
  readonly effect: string;
}

function rule(id: string, readme: string, effect: string): Rule {
  return { id, readme, effect };
}

/** The rules, by name. */
export const RULES = {
  placeholderBinding: rule(
    'placeholder-binding',
    '§3: "$UNIQUE_IDENTIFIER_n … first appears in a response → bind n to the value the server returned; later requests/responses use the bound value … A later response value for an already-bound name must equal the bound value." (same for the other server-generated placeholders)',
    'A placeholder in an expected response binds on first sight to the item the server returned there; later occurrences must equal it.',
  ),
  nowAnyTime: rule(
    'now-any-time',
    '§3: "$NOW … In a response: any server time is acceptable."',
    'A $NOW±s placeholder in an expected response accepts any Date-Time.',
  ),
  identifierLiteral: rule(
    'identifier-literal',
    '§3: "the 1.0-1.2 files carry … sometimes real UUIDs … must be treated as variable items"; §4.7.1 Variable Items: UniqueIdentifier, PrivateKeyUniqueIdentifier, PublicKeyUniqueIdentifier, AsynchronousCorrelationValue, LinkedObjectIdentifier',
    'A literal identifier in an expected response that the client never sent is treated like a placeholder named by its text (bound on first sight, equal afterwards, substituted in later requests).',
  ),
  correlationValues: rule(
    'correlation-values',
    '§4 (2.x/3.0 additions): "ServerCorrelationValue, ClientCorrelationValue" are variable; practical rule set: "skip … ServerCorrelationValue, ClientCorrelationValue"',
    'Server and Client Correlation Values in the response header are not compared (present or not).',
  ),
  timeStamp: rule('time-stamp', '§4.7.1 Variable Items: "TimeStamp"; practical rule set: "skip TimeStamp"', 'The response header Time Stamp is not compared.'),
  resultMessage: rule(
    'result-message',
    '§4.7.1: "ResultMessage – May or may not be included in responses and the value (if included) may vary"; practical rule set: "drop ResultMessage on both sides"',
    'Result Message is dropped from expected and actual batch items.',
  ),
  attributesBag: rule(
    'attributes-bag',
    '§4: "any order of entries inside an Attributes structure … and additional attributes returned by the server"; §4.7.1 "Additional attributes beyond those noted in the response", Object Group values and y-CustomAttributes; practical rule set: "Attributes (bag; expected ⊆ actual)"',
    'The children of an Attributes structure, and a run of 1.x Attribute structures, form a bag: every expected entry must match a distinct actual entry, in any order; extra actual entries are allowed.',
  ),
  attributeListSet: rule(
    'attribute-list-set',
    '§4: "any order … of AttributeReferences in a GetAttributeList response"; practical rule set: "GetAttributeList … lists (set, expected ⊆ actual)"',
    'The Attribute Names / Attribute References of a Get Attribute List response form a set: expected ⊆ actual.',
  ),
  querySet: rule(
    'query-set',
    '§4.7.1: "Object Types reported in Query other than those noted as required", "Operation Types reported in Query other than those noted as required"; §4: "Query-returned Operation/ObjectType lists that are a superset"; practical rule set: "Query lists (set, expected ⊆ actual)"',
    'The items of a Query response payload form a set: expected ⊆ actual, in any order.',
  ),
  queryVariable: rule(
    'query-variable',
    '§4.7.1: "Extensions reported in Query for ExtensionList and ExtensionMap", "Application Namespaces reported in Query", "VendorIdentification - The value (if included) may vary"; §4: "ServerInformation contents"',
    'In a Query response, Application Namespaces and Extension Information are not compared, Vendor Identification may be absent or differ, and Server Information must be present but its contents are not compared.',
  ),
  randomNumberGenerator: rule(
    'random-number-generator',
    '§4 (2.x/3.0 additions): "RandomNumberGenerator contents"',
    'The contents of a Random Number Generator item are not compared.',
  ),
  discoverVersionsExtra: rule(
    'discover-versions-extra',
    '§4.7.1: "The list of Protocol Versions returned in a DiscoverVersion response may include additional protocol versions if the request has not specified a list"',
    'When the Discover Versions request listed no version, the expected versions must be a subset of the returned ones.',
  ),
  serverDateTime: rule(
    'server-date-time',
    '§4.7.1: "the following DateTime attributes where the value is not specified in the request as a fixed DateTime value: ActivationDate, ArchiveDate, CompromiseDate, CompromiseOccurrenceDate, DeactivationDate, DestroyDate, InitialDate, LastChangeDate, ProtectStartDate, ProcessStopDate, ValidityDate, OriginalCreationDate" (+ BuildDate, RotateDate, SubmissionDate, ProtectStopDate, ProcessStartDate in 2.x/3.0)',
    'A literal value of one of these Date-Time attributes is not compared unless a request of the file set that attribute to that literal value.',
  ),
  digestServerGenerated: rule(
    'digest-server-generated',
    '§4.7.1: "Digest a. The HashingAlgorithm selected by the server … b. The Digest Value"; practical rule set: "Digest (HashingAlgorithm+DigestValue) of server-generated objects"',
    'The contents of the Digest of an object the server generated are not compared (the Digest must be present).',
  ),
  keyFormatTypeServerChosen: rule(
    'key-format-type-server-chosen',
    '§4.7.1: "KeyFormatType – The key format type selected by the server when it creates managed objects"; practical rule set: "KeyFormatType chosen by the server"',
    'Key Format Type is not compared for an object the server generated when the request did not ask for a format.',
  ),
  keyMaterialServerGenerated: rule(
    'key-material-server-generated',
    '§4.7.1: "KeyValue / KeyMaterial including: key material content returned for managed cryptographic objects which are generated by the server"',
    'The Key Material of an object the server generated is not compared (it must be present).',
  ),
  wrappedKeyVariable: rule(
    'wrapped-key-variable',
    '§4.7.1: "wrapped versions of keys where the wrapping key is dynamic or the wrapping contains variable output for each wrap operation"',
    'A wrapped Key Value (and the IV / MAC-signature of its Key Wrapping Data) is not compared when the wrapped object or the wrapping key was generated by the server or the wrapping is randomised.',
  ),
  cryptoOutputVariable: rule(
    'crypto-output-variable',
    '§4.7.1: "output of cryptographic operation in Data / SignatureData / MACData / IVCounterNonce where: the managed object is generated by the server; or the operation inherently contains variable output"; practical rule set: "(RSA-OAEP, PSS, ECDSA, random IV)"',
    'Data, Signature Data, MAC Data and IV/Counter/Nonce of a cryptographic response are not compared when the key was generated by the server or the operation is randomised (random IV or server-chosen IV, OAEP, PSS, RSA PKCS#1 v1.5 encryption, DSA/ECDSA, RNG Retrieve).',
  ),
  vendorPrefix: rule(
    'vendor-prefix',
    '§4.7.1: "For TextString attribute values containing test identifiers: a. Additional vendor or application prefixes"',
    'A Text String whose expected value contains a test identifier may carry a prefix.',
  ),
  attributeIndexZero: rule(
    'attribute-index-zero',
    '§4.7.1: "AttributeIndex – May or may not include Attribute Index value where the Attribute Index value is 0 for Protocol Versions 1.1 and above"',
    'In a 1.1+ conversation an Attribute Index of 0 may be present or absent on either side.',
  ),
  objectGroupOptional: rule(
    'object-group-optional',
    '§4.7.1: "Object Group values – May or may not return one or more Object Group values not included in the requests"',
    'An expected Object Group whose value no request of the file included (1.x Attribute, 2.x Object Group), and an expected "Object Group" in a Get Attribute List response while no request included any Object Group, may be absent from the response.',
  ),
  templateAttributeOptional: rule(
    'template-attribute-optional',
    '§4.7.1: "TemplateAttribute – May or may not be included in responses where the Template Attribute response is noted as optional in [KMIP-SPEC]"',
    'A (Private/Public Key) Template Attribute that the registry marks optional for the operation and version may be present or absent in the response.',
  ),
  messageExtension: rule(
    'message-extension',
    '§4.7.1: "Message Extensions – May or may not include additional (non-critical) vendor extensions"',
    'An actual batch item may carry Message Extensions that the expected one does not.',
  ),
  requestFirstByTag: rule(
    'request-first-by-tag',
    '§3: placeholders that "appear first in a request … the value is the one printed literally in the earlier response element of the same tag … bind by tag name"',
    'A placeholder first seen in a request takes the value the server returned in the latest earlier response element with the same tag.',
  ),
  variableOutputEcho: rule(
    'variable-output-echo',
    '§3 (same principle as request-first-by-tag): a literal that a request copies from an earlier response element whose value is a variable item stands for that element',
    'When a request repeats a literal that an earlier expected response printed at a position accepted as variable (e.g. ciphertext of a server-generated key), the value the server actually returned there is sent instead.',
  ),
  clientInvented: rule(
    'client-invented',
    '§3: "$UNIQUE_IDENTIFIER_RANDOM_n … client must invent a fresh unique value and reuse it consistently"',
    'The harness invents a fresh value for these placeholders.',
  ),
  derivedFileWhitespace: rule(
    'derived-file-whitespace',
    '§1 "Be lenient" and manifest `kind: derived: …`: the 1.0-1.2 files re-assembled from the OASIS HTML keep the table extraction\'s line-wrap runs of spaces ("Unique   Identifier"; the same text reads "Unique Identifier" in the 1.4 files)',
    'In files whose manifest kind is "derived", runs of white space in Text String literals are collapsed to one space, in requests and expected responses alike (a repair of the test data, not of the comparison).',
  ),
} as const;

/** A rule name. */
export type RuleName = keyof typeof RULES;
