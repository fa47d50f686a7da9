#!/usr/bin/env python3
"""PyKMIP interoperability checks against a running Keyhold server.

Run by packages/server/test/interop-pykmip.test.ts (which starts the server); by hand:

    python3 pykmip_client.py --port 5696 --ca ca.crt --cert client.crt --key client.key \\
        [--host 127.0.0.1] [--versions 1.0,1.2,2.0] [--run-id abc]

For every KMIP version asked for, it drives PyKMIP's ProxyKmipClient (TLS 1.2) through create,
register (symmetric key, secret data), get, locate, get_attributes, get_attribute_list,
add/set/modify/delete attribute, activate, revoke, destroy and create_key_pair; then (KMIP 1.2+)
encrypt/decrypt (AES-256-CBC PKCS5; AES-256-GCM from 1.4), sign/signature_verify (RSA PKCS#1 v1.5
SHA-256), mac (HMAC-SHA256) and (every version) derive_key (PBKDF2, HMAC, HASH), each result
compared with Python's cryptography/hmac/hashlib; and prints one JSON line per check on standard
output:

    {"version": "1.2", "check": "...", "op": "Get", "requires": ["Register", "Get"],
     "ok": true, "detail": "..."}

A failed check has "ok": false, an "error" and, when the server answered a KMIP failure,
"reason" (PyKMIP's ResultReason name, e.g. "OPERATION_NOT_SUPPORTED"). "op" is the operation
the check is about and "requires" every operation it needs, as the names of the Operation
enumeration in @keyhold/protocol. Expected failures (Get of a destroyed key, Destroy of an
Active key, ...) are checks too: they pass only with the right Result Reason.

The last line is {"done": true, "checks": N}. The exit status is 0 when the script ran to the
end, whatever the checks say (the caller judges them); 2 on a usage error.
"""

import argparse
import json
import os
import secrets
import sys
import traceback
import warnings

warnings.simplefilter("ignore")

from kmip.core import enums  # noqa: E402
from kmip.core import exceptions as core_exceptions  # noqa: E402
from kmip.core import objects as core_objects  # noqa: E402
from kmip.core import primitives  # noqa: E402
from kmip.core import utils  # noqa: E402
from kmip.core.factories import attributes as attribute_factories  # noqa: E402
from kmip.core.factories.payloads.response import ResponsePayloadFactory  # noqa: E402
from kmip.core.messages.payloads import base as payload_base  # noqa: E402
from kmip.pie import exceptions as pie_exceptions  # noqa: E402
from kmip.pie import objects  # noqa: E402
from kmip.pie.client import ProxyKmipClient  # noqa: E402

VERSIONS = {
    "1.0": enums.KMIPVersion.KMIP_1_0,
    "1.1": enums.KMIPVersion.KMIP_1_1,
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}

ATTRIBUTES = attribute_factories.AttributeFactory()
VALUES = ATTRIBUTES.value_factory


# -----------------------------------------------------------------------------------------------
# Add Attribute: PyKMIP 0.10 has no payload for it (ProxyKmipClient offers set_attribute, a KMIP
# 2.0 operation, only). This one is built from PyKMIP's own primitives and sent through its
# send_request_payload, so the encoding and the transport are still PyKMIP's.
# -----------------------------------------------------------------------------------------------


class AddAttributeRequestPayload(payload_base.RequestPayload):
    """Add Attribute request [KMIP 1.2 4.13 / 2.0 6.1.3]: Unique Identifier, then the attribute
    (1.x: Attribute; 2.x: New Attribute)."""

    def __init__(self, unique_identifier, attribute_type, value):
        super(AddAttributeRequestPayload, self).__init__()
        self.unique_identifier = unique_identifier
        self.attribute_type = attribute_type
        self.value = value

    def write(self, output_buffer, kmip_version=enums.KMIPVersion.KMIP_1_0):
        local = utils.BytearrayStream()
        primitives.TextString(self.unique_identifier, tag=enums.Tags.UNIQUE_IDENTIFIER).write(local, kmip_version=kmip_version)
        if kmip_version < enums.KMIPVersion.KMIP_2_0:
            ATTRIBUTES.create_attribute(self.attribute_type, self.value).write(local, kmip_version=kmip_version)
        else:
            tag = enums.convert_attribute_name_to_tag(self.attribute_type.value)
            value = VALUES.create_attribute_value_by_enum(tag, self.value)
            core_objects.NewAttribute(attribute=value).write(local, kmip_version=kmip_version)
        self.length = local.length()
        super(AddAttributeRequestPayload, self).write(output_buffer, kmip_version=kmip_version)
        output_buffer.write(local.buffer)


class AddAttributeResponsePayload(payload_base.ResponsePayload):
    """Add Attribute response: Unique Identifier and (1.x) the Attribute added."""

    def __init__(self):
        super(AddAttributeResponsePayload, self).__init__()
        self.unique_identifier = None
        self.attribute = None

    def read(self, input_buffer, kmip_version=enums.KMIPVersion.KMIP_1_0):
        super(AddAttributeResponsePayload, self).read(input_buffer, kmip_version=kmip_version)
        local = utils.BytearrayStream(input_buffer.read(self.length))
        if self.is_tag_next(enums.Tags.UNIQUE_IDENTIFIER, local):
            uid = primitives.TextString(tag=enums.Tags.UNIQUE_IDENTIFIER)
            uid.read(local, kmip_version=kmip_version)
            self.unique_identifier = uid.value
        if kmip_version < enums.KMIPVersion.KMIP_2_0 and self.is_tag_next(enums.Tags.ATTRIBUTE, local):
            self.attribute = core_objects.Attribute()
            self.attribute.read(local, kmip_version=kmip_version)
        self.is_oversized(local)


ResponsePayloadFactory._create_add_attribute_payload = lambda self: AddAttributeResponsePayload()


def add_attribute(client, uid, attribute_type, value):
    payload = AddAttributeRequestPayload(uid, attribute_type, value)
    response = client.proxy.send_request_payload(enums.Operation.ADD_ATTRIBUTE, payload)
    return response


# -----------------------------------------------------------------------------------------------
# Reporting
# -----------------------------------------------------------------------------------------------


class CheckFailed(Exception):
    def __init__(self, message, reason=None):
        super(CheckFailed, self).__init__(message)
        self.reason = reason


COUNT = [0]


def emit(record):
    sys.stdout.write(json.dumps(record, sort_keys=True) + "\n")
    sys.stdout.flush()


def reason_of(err):
    reason = getattr(err, "reason", None)
    return getattr(reason, "name", None if reason is None else str(reason))


def check(version, name, op, requires, fn):
    """Runs fn(); reports ok with its return value as detail, or the failure."""
    COUNT[0] += 1
    record = {"version": version, "check": name, "op": op, "requires": sorted(set(requires + ([op] if op else [])))}
    try:
        detail = fn()
        record.update(ok=True, detail="" if detail is None else str(detail))
    except CheckFailed as err:
        record.update(ok=False, error=str(err))
        if err.reason is not None:
            record["reason"] = err.reason
    except (pie_exceptions.KmipOperationFailure, core_exceptions.KmipError) as err:
        record.update(ok=False, error="%s: %s" % (type(err).__name__, err), reason=reason_of(err))
    except Exception as err:  # noqa: BLE001 - everything is reported, nothing is swallowed
        record.update(ok=False, error="%s: %s" % (type(err).__name__, err), trace=traceback.format_exc(limit=4))
    emit(record)
    return record["ok"]


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def expect_failure(fn, reasons, what):
    """fn() must fail with one of `reasons` (PyKMIP ResultReason names)."""
    try:
        result = fn()
    except (pie_exceptions.KmipOperationFailure, core_exceptions.KmipError) as err:
        got = reason_of(err)
        if got not in reasons:
            raise CheckFailed("%s failed with %s, expected %s: %s" % (what, got, " or ".join(reasons), err), reason=got)
        return "%s: %s" % (got, err)
    raise CheckFailed("%s succeeded (%r), expected %s" % (what, result, " or ".join(reasons)))


def attribute_values(client, uid, names):
    """get_attributes(uid, names) as {name: [values]} (PyKMIP's wrappers unwrapped)."""
    got_uid, attrs = client.get_attributes(uid, names)
    expect(got_uid == uid, "get_attributes answered for %r, not %r" % (got_uid, uid))
    out = {}
    for a in attrs:
        value = a.attribute_value
        if isinstance(value, core_objects.Attribute):  # not expected, but be clear if it happens
            value = value.attribute_value
        if hasattr(value, "name_value"):
            plain = value.name_value.value
        elif hasattr(value, "value"):
            plain = value.value
        else:
            plain = value
        out.setdefault(a.attribute_name.value, []).append(plain)
    return out


def state_of(client, uid):
    values = attribute_values(client, uid, ["State"])
    expect(len(values.get("State", [])) == 1, "one State attribute expected, got %r" % values)
    return values["State"][0]


def name_attribute(name):
    return ATTRIBUTES.create_attribute(enums.AttributeType.NAME, name)


# -----------------------------------------------------------------------------------------------
# The checks
# -----------------------------------------------------------------------------------------------


def run_version(args, label, kmip_version):
    v2 = kmip_version >= enums.KMIPVersion.KMIP_2_0
    tag = "%s-%s" % (args.run_id, label.replace(".", ""))
    # KMIP 1.x answers a wrong lifecycle state or the Destroy of a destroyed object Permission
    # Denied (1.2 Tables 309, 311), and Get of a destroyed object Item Not Found (Table 301,
    # TC-314); 2.x has reasons of their own.
    wrong_state = ["WRONG_KEY_LIFECYCLE_STATE"] if v2 else ["PERMISSION_DENIED"]
    destroyed = ["OBJECT_DESTROYED"] if v2 else ["PERMISSION_DENIED"]
    get_destroyed_reason = ["OBJECT_DESTROYED"] if v2 else ["ITEM_NOT_FOUND"]

    client = ProxyKmipClient(
        hostname=args.host,
        port=args.port,
        cert=args.cert,
        key=args.key,
        ca=args.ca,
        ssl_version="PROTOCOL_TLSv1_2",
        config_file=os.devnull,
        kmip_version=kmip_version,
    )

    def connect():
        client.open()
        return "connected"

    if not check(label, "connect over TLS 1.2 with the client certificate", None, [], connect):
        return
    try:
        state = {}

        # -- Create ------------------------------------------------------------------------
        def create():
            uid = client.create(enums.CryptographicAlgorithm.AES, 256, name="pykmip-%s-created" % tag)
            expect(isinstance(uid, str) and uid != "", "create returned %r" % uid)
            key = client.get(uid)
            expect(isinstance(key, objects.SymmetricKey), "get returned %r" % type(key))
            expect(key.cryptographic_algorithm == enums.CryptographicAlgorithm.AES, "algorithm %r" % key.cryptographic_algorithm)
            expect(key.cryptographic_length == 256, "length %r" % key.cryptographic_length)
            expect(len(key.value) == 32, "%d key bytes, expected 32" % len(key.value))
            state["created"] = uid
            return uid

        check(label, "create: AES-256 key, get returns 32 key bytes", "Create", ["Get"], create)

        # -- Register ----------------------------------------------------------------------
        key_bytes = secrets.token_bytes(16)
        sym_name = "pykmip-%s-registered" % tag

        def register_key():
            key = objects.SymmetricKey(
                enums.CryptographicAlgorithm.AES, 128, key_bytes,
                masks=[enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT],
                name=sym_name,
            )
            uid = client.register(key)
            expect(isinstance(uid, str) and uid != "", "register returned %r" % uid)
            state["sym"] = uid
            return uid

        check(label, "register: symmetric key", "Register", [], register_key)

        def get_key():
            key = client.get(state["sym"])
            expect(isinstance(key, objects.SymmetricKey), "get returned %r" % type(key))
            expect(bytes(key.value) == key_bytes, "key bytes differ: got %s, registered %s" % (bytes(key.value).hex(), key_bytes.hex()))
            expect(key.cryptographic_algorithm == enums.CryptographicAlgorithm.AES, "algorithm %r" % key.cryptographic_algorithm)
            expect(key.cryptographic_length == 128, "length %r" % key.cryptographic_length)
            return "same %d bytes" % len(key_bytes)

        check(label, "get: registered symmetric key bytes are returned unchanged", "Get", ["Register"], get_key)

        secret_bytes = b"pykmip-interop-" + secrets.token_hex(8).encode()

        def register_and_get_secret():
            secret = objects.SecretData(secret_bytes, enums.SecretDataType.PASSWORD, name="pykmip-%s-secret" % tag)
            uid = client.register(secret)
            got = client.get(uid)
            expect(isinstance(got, objects.SecretData), "get returned %r" % type(got))
            expect(bytes(got.value) == secret_bytes, "secret bytes differ")
            expect(got.data_type == enums.SecretDataType.PASSWORD, "data type %r" % got.data_type)
            state["secret"] = uid
            return uid

        check(label, "register + get: secret data (password) round trip", "Register", ["Get"], register_and_get_secret)

        # -- Locate ------------------------------------------------------------------------
        def locate_by_name():
            found = client.locate(attributes=[name_attribute(sym_name)])
            expect(found == [state["sym"]], "locate by name returned %r, expected [%r]" % (found, state["sym"]))
            none = client.locate(attributes=[name_attribute("pykmip-%s-no-such-name" % tag)])
            expect(none == [], "locate of an unknown name returned %r" % none)
            return found

        check(label, "locate: by Name finds exactly the registered key; an unknown Name finds nothing", "Locate", ["Register"], locate_by_name)

        # -- Get Attributes / Get Attribute List -------------------------------------------
        def get_attributes():
            values = attribute_values(client, state["sym"], ["Name", "Cryptographic Algorithm", "Cryptographic Length", "Object Type", "State"])
            expect(values.get("Name") == [sym_name], "Name %r" % values.get("Name"))
            expect(values.get("Cryptographic Algorithm") == [enums.CryptographicAlgorithm.AES], "Cryptographic Algorithm %r" % values.get("Cryptographic Algorithm"))
            expect(values.get("Cryptographic Length") == [128], "Cryptographic Length %r" % values.get("Cryptographic Length"))
            expect(values.get("Object Type") == [enums.ObjectType.SYMMETRIC_KEY], "Object Type %r" % values.get("Object Type"))
            expect(values.get("State") == [enums.State.PRE_ACTIVE], "State %r" % values.get("State"))
            return sorted(values)

        check(label, "get_attributes: named attributes with the registered values", "GetAttributes", ["Register"], get_attributes)

        if kmip_version <= enums.KMIPVersion.KMIP_1_1:
            # Every attribute: from 1.2 on the list holds Original Creation Date, which PyKMIP 0.10
            # cannot decode (its attribute factory lacks it), so only 1.0/1.1 ask for all.
            def get_all_attributes():
                got_uid, attrs = client.get_attributes(state["sym"])
                names = sorted(set(a.attribute_name.value for a in attrs))
                for required in ["Cryptographic Algorithm", "Cryptographic Length", "Name", "Object Type", "State", "Unique Identifier"]:
                    expect(required in names, "%s missing from %r" % (required, names))
                return names

            check(label, "get_attributes: every attribute", "GetAttributes", ["Register"], get_all_attributes)

        def get_attribute_list():
            names = client.get_attribute_list(state["sym"])
            for required in ["Cryptographic Algorithm", "Cryptographic Length", "Name", "Object Type", "State", "Unique Identifier", "Initial Date"]:
                expect(required in names, "%s missing from %r" % (required, names))
            expect(len(names) == len(set(names)), "duplicate names in %r" % names)
            return names

        check(label, "get_attribute_list: names the standard attributes", "GetAttributeList", ["Register"], get_attribute_list)

        # -- Add / Set / Modify / Delete Attribute -----------------------------------------
        contact = enums.AttributeType.CONTACT_INFORMATION
        first, second = "ops-%s@example.com" % tag, "security-%s@example.com" % tag

        def add_contact():
            response = add_attribute(client, state["sym"], contact, first)
            expect(response.unique_identifier == state["sym"], "Add Attribute answered for %r" % response.unique_identifier)
            if not v2:
                expect(response.attribute is not None, "a 1.x Add Attribute response returns the attribute")
                expect(response.attribute.attribute_name.value == "Contact Information", "added %r" % response.attribute.attribute_name.value)
                expect(response.attribute.attribute_value.value == first, "added value %r" % response.attribute.attribute_value.value)
            got = attribute_values(client, state["sym"], ["Contact Information"]).get("Contact Information")
            expect(got == [first], "after Add Attribute: %r" % got)
            return got

        check(label, "add_attribute: Contact Information is added and read back", "AddAttribute", ["GetAttributes"], add_contact)

        def add_again():
            return expect_failure(
                lambda: add_attribute(client, state["sym"], contact, second),
                ["ATTRIBUTE_SINGLE_VALUED"] if v2 else ["ILLEGAL_OPERATION"],  # 2.1 Table 169; 1.2 Table 304
                "a second Contact Information",
            )

        check(label, "add_attribute: a second instance of a single-valued attribute is refused", "AddAttribute", [], add_again)

        def modify_contact():
            if v2:
                uid, _ = client.modify_attribute(
                    unique_identifier=state["sym"],
                    new_attribute=core_objects.NewAttribute(attribute=VALUES.create_attribute_value_by_enum(enums.Tags.CONTACT_INFORMATION, second)),
                )
            else:
                uid, attribute = client.modify_attribute(unique_identifier=state["sym"], attribute=ATTRIBUTES.create_attribute(contact, second))
                expect(attribute is not None and attribute.attribute_value.value == second, "1.x Modify Attribute returns the new value, got %r" % attribute)
            expect(uid == state["sym"], "Modify Attribute answered for %r" % uid)
            got = attribute_values(client, state["sym"], ["Contact Information"]).get("Contact Information")
            expect(got == [second], "after Modify Attribute: %r" % got)
            return got

        check(label, "modify_attribute: Contact Information gets its new value", "ModifyAttribute", ["AddAttribute", "GetAttributes"], modify_contact)

        def modify_read_only():
            if v2:
                fn = lambda: client.modify_attribute(  # noqa: E731
                    unique_identifier=state["sym"],
                    new_attribute=core_objects.NewAttribute(attribute=VALUES.create_attribute_value_by_enum(enums.Tags.CRYPTOGRAPHIC_LENGTH, 256)),
                )
            else:
                fn = lambda: client.modify_attribute(unique_identifier=state["sym"], attribute=ATTRIBUTES.create_attribute(enums.AttributeType.CRYPTOGRAPHIC_LENGTH, 256))  # noqa: E731
            return expect_failure(fn, ["ATTRIBUTE_READ_ONLY", "READ_ONLY_ATTRIBUTE"] if v2 else ["PERMISSION_DENIED"], "Modify Attribute of Cryptographic Length")  # 2.1 Table 267; 1.2 Table 305

        check(label, "modify_attribute: a read-only attribute (Cryptographic Length) is refused", "ModifyAttribute", [], modify_read_only)

        def delete_contact():
            if v2:
                uid, _ = client.delete_attribute(
                    unique_identifier=state["sym"],
                    current_attribute=core_objects.CurrentAttribute(attribute=VALUES.create_attribute_value_by_enum(enums.Tags.CONTACT_INFORMATION, second)),
                )
            else:
                uid, attribute = client.delete_attribute(unique_identifier=state["sym"], attribute_name="Contact Information", attribute_index=0)
                expect(attribute is not None and attribute.attribute_value.value == second, "1.x Delete Attribute returns the deleted attribute, got %r" % attribute)
            expect(uid == state["sym"], "Delete Attribute answered for %r" % uid)
            got = attribute_values(client, state["sym"], ["Contact Information"]).get("Contact Information")
            expect(got is None, "after Delete Attribute: %r" % got)
            return "deleted"

        check(label, "delete_attribute: Contact Information is gone afterwards", "DeleteAttribute", ["AddAttribute", "ModifyAttribute", "GetAttributes"], delete_contact)

        def delete_missing():
            if v2:
                fn = lambda: client.delete_attribute(  # noqa: E731
                    unique_identifier=state["sym"],
                    current_attribute=core_objects.CurrentAttribute(attribute=VALUES.create_attribute_value_by_enum(enums.Tags.CONTACT_INFORMATION, second)),
                )
            else:
                fn = lambda: client.delete_attribute(unique_identifier=state["sym"], attribute_name="Contact Information", attribute_index=0)  # noqa: E731
            return expect_failure(fn, ["ATTRIBUTE_NOT_FOUND", "ATTRIBUTE_INSTANCE_NOT_FOUND"] if v2 else ["ITEM_NOT_FOUND"], "Delete Attribute of an absent attribute")  # 2.1 Table 204; 1.2 Table 306

        check(label, "delete_attribute: an absent attribute is refused", "DeleteAttribute", [], delete_missing)

        if v2:
            def set_contact():
                uid = client.set_attribute(unique_identifier=state["sym"], attribute_name="Contact Information", attribute_value=first)
                expect(uid == state["sym"], "Set Attribute answered for %r" % uid)
                got = attribute_values(client, state["sym"], ["Contact Information"]).get("Contact Information")
                expect(got == [first], "after Set Attribute: %r" % got)
                uid = client.set_attribute(unique_identifier=state["sym"], attribute_name="Contact Information", attribute_value=second)
                got = attribute_values(client, state["sym"], ["Contact Information"]).get("Contact Information")
                expect(got == [second], "after a second Set Attribute: %r" % got)
                return got

            check(label, "set_attribute (2.0): sets, then replaces, Contact Information", "SetAttribute", ["GetAttributes"], set_contact)

        # -- Lifecycle ---------------------------------------------------------------------
        def activate():
            client.activate(state["sym"])
            got = state_of(client, state["sym"])
            expect(got == enums.State.ACTIVE, "State after Activate: %r" % got)
            return got

        check(label, "activate: Pre-Active -> Active", "Activate", ["GetAttributes"], activate)

        def activate_again():
            return expect_failure(lambda: client.activate(state["sym"]), wrong_state, "Activate of an Active key")

        check(label, "activate: an Active key cannot be activated again", "Activate", [], activate_again)

        def destroy_active():
            return expect_failure(lambda: client.destroy(state["sym"]), wrong_state, "Destroy of an Active key")

        check(label, "destroy: an Active key is refused", "Destroy", ["Activate"], destroy_active)

        def key_still_there():
            key = client.get(state["sym"])
            expect(bytes(key.value) == key_bytes, "key bytes changed")
            return "intact"

        check(label, "get: the refused Destroy left the key intact", "Get", ["Destroy"], key_still_there)

        def revoke():
            client.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, state["sym"], revocation_message="interop test")
            got = state_of(client, state["sym"])
            expect(got == enums.State.DEACTIVATED, "State after Revoke: %r" % got)
            return got

        check(label, "revoke: Active -> Deactivated", "Revoke", ["Activate", "GetAttributes"], revoke)

        def destroy():
            client.destroy(state["sym"])
            got = state_of(client, state["sym"])
            expect(got == enums.State.DESTROYED, "State after Destroy: %r" % got)
            return got

        check(label, "destroy: Deactivated -> Destroyed", "Destroy", ["Revoke", "GetAttributes"], destroy)

        def get_destroyed():
            return expect_failure(lambda: client.get(state["sym"]), get_destroyed_reason, "Get of a destroyed key")

        check(label, "get: a destroyed key is refused", "Get", ["Destroy"], get_destroyed)

        def destroy_again():
            return expect_failure(lambda: client.destroy(state["sym"]), destroyed, "Destroy of a destroyed key")

        check(label, "destroy: an already destroyed key is refused", "Destroy", [], destroy_again)

        def destroy_preactive():
            client.destroy(state["created"])
            return expect_failure(lambda: client.get(state["created"]), get_destroyed_reason, "Get after Destroy")

        check(label, "destroy: a Pre-Active key is destroyed at once", "Destroy", ["Create", "Get"], destroy_preactive)

        def revoke_compromised():
            client.revoke(enums.RevocationReasonCode.KEY_COMPROMISE, state["secret"], compromise_occurrence_date=1)
            got = state_of(client, state["secret"])
            expect(got == enums.State.COMPROMISED, "State after Revoke (Key Compromise): %r" % got)
            client.destroy(state["secret"])
            got = state_of(client, state["secret"])
            expect(got == enums.State.DESTROYED_COMPROMISED, "State after Destroy: %r" % got)
            return got

        check(label, "revoke (key compromise) then destroy: Compromised -> Destroyed Compromised", "Revoke", ["Register", "Destroy", "GetAttributes"], revoke_compromised)

        def unknown_uid():
            # 2.x: Object Not Found (2.1 Table 193); 1.x: Item Not Found (1.2 Table 301)
            return expect_failure(lambda: client.get("pykmip-no-such-object"), ["OBJECT_NOT_FOUND"] if v2 else ["ITEM_NOT_FOUND"], "Get of an unknown identifier")

        check(label, "get: an unknown identifier is Object Not Found (1.x Item Not Found)", "Get", [], unknown_uid)

        # -- Create Key Pair ---------------------------------------------------------------
        def create_key_pair():
            public_uid, private_uid = client.create_key_pair(
                enums.CryptographicAlgorithm.RSA, 2048,
                public_name="pykmip-%s-rsa-public" % tag, private_name="pykmip-%s-rsa-private" % tag,
                public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
                private_usage_mask=[enums.CryptographicUsageMask.SIGN],
            )
            expect(public_uid and private_uid and public_uid != private_uid, "uids %r %r" % (public_uid, private_uid))
            public = client.get(public_uid)
            private = client.get(private_uid)
            expect(isinstance(public, objects.PublicKey), "public: %r" % type(public))
            expect(isinstance(private, objects.PrivateKey), "private: %r" % type(private))
            for k in (public, private):
                expect(k.cryptographic_algorithm == enums.CryptographicAlgorithm.RSA, "algorithm %r" % k.cryptographic_algorithm)
                expect(k.cryptographic_length == 2048, "length %r" % k.cryptographic_length)
            detail = "public %s, private %s" % (public.key_format_type.name, private.key_format_type.name)
            try:
                from cryptography.hazmat.primitives import serialization
            except ImportError:
                return detail + " (cryptography not installed: pairing not checked)"
            pub = serialization.load_der_public_key(bytes(public.value))
            priv = serialization.load_der_private_key(bytes(private.value), password=None)
            expect(pub.key_size == 2048, "public key size %d" % pub.key_size)
            expect(priv.public_key().public_numbers() == pub.public_numbers(), "the private key does not match the public key")
            found = client.locate(attributes=[name_attribute("pykmip-%s-rsa-private" % tag)])
            expect(found == [private_uid], "locate of the private key by name: %r" % found)
            return detail + ", the keys match"

        check(label, "create_key_pair: RSA 2048, both halves returned and matching", "CreateKeyPair", ["Get", "Locate"], create_key_pair)

        run_crypto(client, label, kmip_version, tag)
    finally:
        try:
            client.close()
        except Exception:  # noqa: BLE001
            pass


# -----------------------------------------------------------------------------------------------
# Cryptographic services (KMIP 1.2+: Encrypt, Decrypt, Sign, Signature Verify, MAC) and Derive
# Key (every version). Each result is compared with Python's own computation (cryptography,
# hmac, hashlib), so a check passes only on the right bytes.
# -----------------------------------------------------------------------------------------------

CRYPTO_VERSION = enums.KMIPVersion.KMIP_1_2


def register_active(client, obj):
    uid = client.register(obj)
    expect(isinstance(uid, str) and uid != "", "register returned %r" % uid)
    client.activate(uid)
    return uid


def run_crypto(client, label, kmip_version, tag):
    """Crypto checks on an open client; Encrypt/Decrypt/Sign/Signature Verify/MAC from 1.2 on."""
    crypto = kmip_version >= CRYPTO_VERSION
    state = {}

    if crypto:
        aes_key = secrets.token_bytes(32)

        def encrypt_cbc():
            from cryptography.hazmat.primitives import padding as sym_padding
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

            uid = register_active(client, objects.SymmetricKey(
                enums.CryptographicAlgorithm.AES, 256, aes_key,
                masks=[enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT],
                name="pykmip-%s-aes-crypto" % tag,
            ))
            params = {
                "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
                "block_cipher_mode": enums.BlockCipherMode.CBC,
                "padding_method": enums.PaddingMethod.PKCS5,
            }
            iv = secrets.token_bytes(16)
            plain = b"PyKMIP interop: 37 bytes of message!"
            encrypted, returned_iv = client.encrypt(plain, uid=uid, cryptographic_parameters=params, iv_counter_nonce=iv)
            padder = sym_padding.PKCS7(128).padder()
            local = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
            expected = local.update(padder.update(plain) + padder.finalize()) + local.finalize()
            expect(bytes(encrypted) == expected, "ciphertext %s, expected %s" % (bytes(encrypted).hex(), expected.hex()))
            expect(returned_iv is None, "the server returned an IV although the client gave one: %r" % returned_iv)
            decrypted = client.decrypt(encrypted, uid=uid, cryptographic_parameters=params, iv_counter_nonce=iv)
            expect(bytes(decrypted) == plain, "decrypt gave %r" % bytes(decrypted))
            state["aes"] = uid
            return "%d bytes -> %d bytes, equal to cryptography's AES-256-CBC/PKCS7, decrypted back" % (len(plain), len(expected))

        check(label, "encrypt/decrypt: AES-256-CBC with PKCS5 padding and a given IV, as Python computes it", "Encrypt", ["Register", "Activate", "Decrypt"], encrypt_cbc)

        def encrypt_random_iv():
            from cryptography.hazmat.primitives import padding as sym_padding
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

            params = {
                "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
                "block_cipher_mode": enums.BlockCipherMode.CBC,
                "padding_method": enums.PaddingMethod.PKCS5,
                "random_iv": True,
            }
            plain = b"sixteen bytes!!!"
            encrypted, iv = client.encrypt(plain, uid=state["aes"], cryptographic_parameters=params)
            expect(iv is not None and len(iv) == 16, "the server-generated IV: %r" % iv)
            unpadder = sym_padding.PKCS7(128).unpadder()
            local = Cipher(algorithms.AES(aes_key), modes.CBC(bytes(iv))).decryptor()
            got = unpadder.update(local.update(bytes(encrypted)) + local.finalize()) + unpadder.finalize()
            expect(got == plain, "Python decrypts the server's ciphertext to %r" % got)
            expect(len(encrypted) == 32, "a full block of padding expected, got %d bytes" % len(encrypted))
            return "IV %s returned, Python decrypts the ciphertext" % bytes(iv).hex()

        check(label, "encrypt: Random IV — the server's IV is returned and Python decrypts the ciphertext", "Encrypt", ["Register", "Activate"], encrypt_random_iv)

        def decrypt_bad_padding():
            params = {"cryptographic_algorithm": enums.CryptographicAlgorithm.AES, "block_cipher_mode": enums.BlockCipherMode.CBC, "padding_method": enums.PaddingMethod.PKCS5}
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
            iv = bytes(16)
            # One block whose plaintext ends in 0x00: not valid PKCS5 padding.
            bogus = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor().update(bytes(16))
            return expect_failure(lambda: client.decrypt(bogus, uid=state["aes"], cryptographic_parameters=params, iv_counter_nonce=iv), ["CRYPTOGRAPHIC_FAILURE"], "Decrypt with bad padding")

        check(label, "decrypt: a ciphertext with invalid PKCS5 padding is Cryptographic Failure", "Decrypt", ["Register", "Activate"], decrypt_bad_padding)

        if kmip_version >= enums.KMIPVersion.KMIP_1_4:
            # ProxyKmipClient.encrypt/decrypt pass neither Additional Data nor the Tag; PyKMIP's
            # Encrypt/Decrypt payloads carry both from KMIP 1.4 on, so they are sent as payloads
            # (PyKMIP's encoding and transport still).
            def encrypt_gcm():
                from cryptography.hazmat.primitives.ciphers.aead import AESGCM
                from kmip.core.messages import payloads

                expect("aes" in state, "no AES key (the CBC check failed)")
                params = client._build_cryptographic_parameters({
                    "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
                    "block_cipher_mode": enums.BlockCipherMode.GCM,
                    "tag_length": 16,
                })
                nonce = secrets.token_bytes(12)
                aad = b"header, authenticated only"
                plain = b"PyKMIP AES-256-GCM interop"
                enc = client.proxy.send_request_payload(enums.Operation.ENCRYPT, payloads.EncryptRequestPayload(
                    unique_identifier=state["aes"], cryptographic_parameters=params, data=plain, iv_counter_nonce=nonce, auth_additional_data=aad))
                expected = AESGCM(aes_key).encrypt(nonce, plain, aad)
                got = bytes(enc.data) + bytes(enc.auth_tag or b"")
                expect(got == expected, "ciphertext+tag %s, cryptography %s" % (got.hex(), expected.hex()))
                dec = client.proxy.send_request_payload(enums.Operation.DECRYPT, payloads.DecryptRequestPayload(
                    unique_identifier=state["aes"], cryptographic_parameters=params, data=bytes(enc.data), iv_counter_nonce=nonce,
                    auth_additional_data=aad, auth_tag=bytes(enc.auth_tag)))
                expect(bytes(dec.data) == plain, "decrypt gave %r" % bytes(dec.data))
                bad_tag = bytearray(enc.auth_tag)
                bad_tag[0] ^= 0x80
                detail = expect_failure(lambda: client.proxy.send_request_payload(enums.Operation.DECRYPT, payloads.DecryptRequestPayload(
                    unique_identifier=state["aes"], cryptographic_parameters=params, data=bytes(enc.data), iv_counter_nonce=nonce,
                    auth_additional_data=aad, auth_tag=bytes(bad_tag))), ["CRYPTOGRAPHIC_FAILURE"], "Decrypt with a wrong tag")
                return "ciphertext and tag equal cryptography's AESGCM; decrypted back; wrong tag: " + detail

            check(label, "encrypt/decrypt (payloads, 1.4+): AES-256-GCM with Additional Data, as Python computes it; a wrong tag fails", "Encrypt", ["Register", "Activate", "Decrypt"], encrypt_gcm)

        def sign_verify():
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import padding as asym_padding

            public_uid, private_uid = client.create_key_pair(
                enums.CryptographicAlgorithm.RSA, 2048,
                public_name="pykmip-%s-sign-public" % tag, private_name="pykmip-%s-sign-private" % tag,
                public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
                private_usage_mask=[enums.CryptographicUsageMask.SIGN],
            )
            client.activate(public_uid)
            client.activate(private_uid)
            params = {
                "cryptographic_algorithm": enums.CryptographicAlgorithm.RSA,
                "padding_method": enums.PaddingMethod.PKCS1v15,
                "hashing_algorithm": enums.HashingAlgorithm.SHA_256,
            }
            message = b"signed by the Keyhold server for PyKMIP"
            signature = client.sign(message, uid=private_uid, cryptographic_parameters=params)
            signature = bytes(signature)
            expect(len(signature) == 256, "a 2048-bit RSA signature has 256 bytes, got %d" % len(signature))
            public = serialization.load_der_public_key(bytes(client.get(public_uid).value))
            public.verify(signature, message, asym_padding.PKCS1v15(), hashes.SHA256())  # raises if invalid
            valid = client.signature_verify(message, signature, uid=public_uid, cryptographic_parameters=params)
            expect(valid == enums.ValidityIndicator.VALID, "Signature Verify of the server's signature: %r" % valid)
            state.update(public=public_uid, private=private_uid, params=params, message=message, signature=signature)
            return "256-byte signature, verified by cryptography and by the server"

        check(label, "sign/signature_verify: RSA-2048 PKCS#1 v1.5 SHA-256, verified by Python and by the server", "Sign", ["CreateKeyPair", "Activate", "Get", "SignatureVerify"], sign_verify)

        def verify_tampered():
            expect("signature" in state, "no signature (the sign check failed)")
            tampered = bytearray(state["signature"])
            tampered[-1] ^= 0x01
            valid = client.signature_verify(state["message"], bytes(tampered), uid=state["public"], cryptographic_parameters=state["params"])
            expect(valid == enums.ValidityIndicator.INVALID, "a tampered signature: %r, expected INVALID" % valid)
            valid = client.signature_verify(state["message"] + b"!", state["signature"], uid=state["public"], cryptographic_parameters=state["params"])
            expect(valid == enums.ValidityIndicator.INVALID, "another message: %r, expected INVALID" % valid)
            return "tampered signature and altered message: INVALID"

        check(label, "signature_verify: a tampered signature (and an altered message) is reported Invalid", "SignatureVerify", ["Sign"], verify_tampered)

        def verify_python_signature():
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import padding as asym_padding, rsa

            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            der = private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
            uid = register_active(client, objects.PublicKey(
                enums.CryptographicAlgorithm.RSA, 2048, der, enums.KeyFormatType.PKCS_1,
                masks=[enums.CryptographicUsageMask.VERIFY], name="pykmip-%s-python-public" % tag,
            ))
            message = b"signed by Python, verified by Keyhold"
            signature = private.sign(message, asym_padding.PKCS1v15(), hashes.SHA256())
            params = {"cryptographic_algorithm": enums.CryptographicAlgorithm.RSA, "padding_method": enums.PaddingMethod.PKCS1v15, "hashing_algorithm": enums.HashingAlgorithm.SHA_256}
            valid = client.signature_verify(message, signature, uid=uid, cryptographic_parameters=params)
            expect(valid == enums.ValidityIndicator.VALID, "Python's signature: %r" % valid)
            return "VALID"

        check(label, "signature_verify: a signature made by Python with a registered RSA public key is Valid", "SignatureVerify", ["Register", "Activate"], verify_python_signature)

        def mac():
            import hashlib
            import hmac

            mac_key = secrets.token_bytes(32)
            uid = register_active(client, objects.SymmetricKey(
                enums.CryptographicAlgorithm.HMAC_SHA256, 256, mac_key,
                masks=[enums.CryptographicUsageMask.MAC_GENERATE, enums.CryptographicUsageMask.MAC_VERIFY],
                name="pykmip-%s-hmac" % tag,
            ))
            data = b"The quick brown fox jumps over the lazy dog"
            got_uid, mac_data = client.mac(data, uid=uid, algorithm=enums.CryptographicAlgorithm.HMAC_SHA256)
            expected = hmac.new(mac_key, data, hashlib.sha256).digest()
            expect(got_uid == uid, "MAC answered for %r" % got_uid)
            expect(bytes(mac_data) == expected, "MAC %s, Python's hmac %s" % (bytes(mac_data).hex(), expected.hex()))
            return expected.hex()

        check(label, "mac: HMAC-SHA256 equals Python's hmac module", "MAC", ["Register", "Activate"], mac)

    # -- Key wrapping (every version) -------------------------------------------------------
    # PyKMIP reads a Key Value as a structure only: it registers a wrapped key as a Key Value
    # structure whose Key Material is the wrapped bytes (No Encoding), and the server keeps that
    # layout — as registered, and when it rewraps the key under another KEK (TC-WRAP-3-14).
    def wrapped_get():
        from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

        wrap_masks = [enums.CryptographicUsageMask.WRAP_KEY, enums.CryptographicUsageMask.UNWRAP_KEY]
        kek0_bytes, kek1_bytes, key_bytes = secrets.token_bytes(16), secrets.token_bytes(32), secrets.token_bytes(16)
        kek0 = register_active(client, objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 128, kek0_bytes, masks=wrap_masks, name="pykmip-%s-kek0" % tag))
        kek1 = register_active(client, objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, kek1_bytes, masks=wrap_masks, name="pykmip-%s-kek1" % tag))
        wrapped = aes_key_wrap(kek0_bytes, key_bytes)
        no_encoding = enums.EncodingOption.NO_ENCODING
        # PyKMIP's reader of a Key Wrapping Data needs Cryptographic Parameters in it; a Key Wrapping
        # Specification that names them must match the KEK's Cryptographic Parameters (1.2 2.1.6).
        nist = {"block_cipher_mode": enums.BlockCipherMode.NIST_KEY_WRAP}
        add_attribute(client, kek1, enums.AttributeType.CRYPTOGRAPHIC_PARAMETERS, nist)
        uid = client.register(objects.SymmetricKey(
            enums.CryptographicAlgorithm.AES, 128, wrapped,
            masks=[enums.CryptographicUsageMask.ENCRYPT], name="pykmip-%s-wrapped" % tag,
            key_wrapping_data={
                "wrapping_method": enums.WrappingMethod.ENCRYPT,
                "encryption_key_information": {"unique_identifier": kek0, "cryptographic_parameters": nist},
                "encoding_option": no_encoding,
            },
        ))
        as_registered = client.get(uid)
        expect(bytes(as_registered.value) == wrapped, "as registered: %s, registered %s" % (bytes(as_registered.value).hex(), wrapped.hex()))
        expect(as_registered.key_wrapping_data.get("encryption_key_information", {}).get("unique_identifier") == kek0, "as registered: %r" % as_registered.key_wrapping_data)
        rewrapped = client.get(uid, key_wrapping_specification={
            "wrapping_method": enums.WrappingMethod.ENCRYPT,
            "encryption_key_information": {"unique_identifier": kek1, "cryptographic_parameters": nist},
            "encoding_option": no_encoding,
        })
        data = rewrapped.key_wrapping_data
        expect(data.get("encryption_key_information", {}).get("unique_identifier") == kek1, "rewrapped: %r" % data)
        # Encoding Option is a KMIP 1.1 field: a 1.0 response does not carry it.
        expect(data.get("encoding_option") == (no_encoding if kmip_version >= enums.KMIPVersion.KMIP_1_1 else None), "rewrapped: %r" % data)
        unwrapped = aes_key_unwrap(kek1_bytes, bytes(rewrapped.value))
        expect(unwrapped == key_bytes, "rewrapped under the second KEK, Python unwraps %s, the key is %s" % (unwrapped.hex(), key_bytes.hex()))
        return bytes(rewrapped.value).hex()

    check(label, "get: a key registered wrapped (No Encoding) as registered, and rewrapped under another KEK, decoded by PyKMIP and unwrapped by Python", "Get", ["Register", "Activate"], wrapped_get)

    # -- Derive Key (every version) ---------------------------------------------------------
    def derive_pbkdf2():
        import hashlib

        password = b"correct horse battery staple"
        base = register_active(client, objects.SecretData(
            password, enums.SecretDataType.PASSWORD,
            masks=[enums.CryptographicUsageMask.DERIVE_KEY], name="pykmip-%s-password" % tag,
        ))
        salt = secrets.token_bytes(16)
        uid = client.derive_key(
            enums.ObjectType.SYMMETRIC_KEY, [base], enums.DerivationMethod.PBKDF2,
            {"cryptographic_parameters": {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}, "salt": salt, "iteration_count": 1000},
            cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=256,
        )
        expect(isinstance(uid, str) and uid not in ("", base), "derive_key returned %r" % uid)
        key = client.get(uid)
        expect(isinstance(key, objects.SymmetricKey), "get of the derived key: %r" % type(key))
        expected = hashlib.pbkdf2_hmac("sha256", password, salt, 1000, 32)
        expect(bytes(key.value) == expected, "derived %s, hashlib %s" % (bytes(key.value).hex(), expected.hex()))
        state["derive_base"] = base
        return expected.hex()

    check(label, "derive_key: PBKDF2-HMAC-SHA256 from a password equals hashlib.pbkdf2_hmac", "DeriveKey", ["Register", "Activate", "Get"], derive_pbkdf2)

    def derive_hmac():
        import hashlib
        import hmac

        base_key = secrets.token_bytes(32)
        base = register_active(client, objects.SymmetricKey(
            enums.CryptographicAlgorithm.HMAC_SHA256, 256, base_key,
            masks=[enums.CryptographicUsageMask.DERIVE_KEY], name="pykmip-%s-derive-hmac" % tag,
        ))
        data = b"derivation data for PyKMIP"
        uid = client.derive_key(
            enums.ObjectType.SYMMETRIC_KEY, [base], enums.DerivationMethod.HMAC,
            {"cryptographic_parameters": {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}, "derivation_data": data},
            cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=256,
        )
        key = client.get(uid)
        expected = hmac.new(base_key, data, hashlib.sha256).digest()
        expect(bytes(key.value) == expected, "derived %s, hmac %s" % (bytes(key.value).hex(), expected.hex()))
        return expected.hex()

    check(label, "derive_key: HMAC-SHA256 of the Derivation Data equals Python's hmac module", "DeriveKey", ["Register", "Activate", "Get"], derive_hmac)

    def derive_hash():
        import hashlib

        base_key = secrets.token_bytes(32)
        base = register_active(client, objects.SymmetricKey(
            enums.CryptographicAlgorithm.AES, 256, base_key,
            masks=[enums.CryptographicUsageMask.DERIVE_KEY], name="pykmip-%s-derive-hash" % tag,
        ))
        uid = client.derive_key(
            enums.ObjectType.SYMMETRIC_KEY, [base], enums.DerivationMethod.HASH,
            {"cryptographic_parameters": {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}},
            cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=256,
        )
        key = client.get(uid)
        expected = hashlib.sha256(base_key).digest()
        expect(bytes(key.value) == expected, "derived %s, hashlib %s" % (bytes(key.value).hex(), expected.hex()))
        return expected.hex()

    check(label, "derive_key: HASH (SHA-256 of the base key) equals hashlib.sha256", "DeriveKey", ["Register", "Activate", "Get"], derive_hash)

    def derive_without_permission():
        expect("aes" in state or not crypto, "no AES key (the encrypt check failed)")
        base = state.get("aes") or register_active(client, objects.SymmetricKey(
            enums.CryptographicAlgorithm.AES, 256, secrets.token_bytes(32),
            masks=[enums.CryptographicUsageMask.ENCRYPT], name="pykmip-%s-no-derive" % tag,
        ))
        return expect_failure(
            lambda: client.derive_key(
                enums.ObjectType.SYMMETRIC_KEY, [base], enums.DerivationMethod.HASH,
                {"cryptographic_parameters": {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}},
                cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=256,
            ),
            # 2.1 Table 193; 1.x has no such reason and answers Permission Denied
            ["INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK"] if kmip_version >= enums.KMIPVersion.KMIP_2_0 else ["PERMISSION_DENIED"],
            "Derive Key from a key without the Derive Key usage",
        )

    check(label, "derive_key: a base key without the Derive Key usage is refused", "DeriveKey", ["Register", "Activate"], derive_without_permission)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--versions", default=",".join(VERSIONS))
    parser.add_argument("--run-id", default=secrets.token_hex(4))
    args = parser.parse_args()
    labels = [v.strip() for v in args.versions.split(",") if v.strip()]
    unknown = [v for v in labels if v not in VERSIONS]
    if unknown:
        parser.error("PyKMIP does not speak KMIP %s (it speaks %s)" % (", ".join(unknown), ", ".join(VERSIONS)))
    for label in labels:
        run_version(args, label, VERSIONS[label])
    emit({"done": True, "checks": COUNT[0]})


if __name__ == "__main__":
    main()
