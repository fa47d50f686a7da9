"""Starts PyKMIP's KMIP server (Debian python3-pykmip) for Keyhold's interop tests.

Usage:
  serve.py --check       exit 0 when PyKMIP's server can run here; otherwise print why, exit 1
  serve.py --dir DIR     serve from DIR (an empty directory the caller owns and removes)

In DIR it writes throwaway certificates (ca.crt; server.crt/.key for 127.0.0.1 and localhost;
client.crt/.key with Extended Key Usage clientAuth and a Common Name, which PyKMIP takes as the
client identity), server.conf (auth_suite TLS1.2, enable_tls_client_auth, its own database and
policy directory), server.log, then starts the server on a free 127.0.0.1 port and prints one
JSON line {"port": N} once the socket listens. The certificates are made here, with
python3-cryptography (a dependency of python3-pykmip), so that the client package's tests need
nothing from the server package.

The server runs in a session of its own (setsid): when the caller closes our standard input
(or dies), the whole process group -- the server and the multiprocessing helpers PyKMIP starts --
is killed at once.
"""
import argparse
import datetime
import json
import os
import signal
import socket
import sys
import threading


def missing():
    """Why PyKMIP's server cannot run here, or None."""
    try:
        import cryptography  # noqa: F401
        from kmip.services.server import server  # noqa: F401
    except Exception as e:  # any import failure means: cannot run
        return "the kmip server module cannot be imported: {0}: {1}".format(type(e).__name__, e)
    return None


def write_pki(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    later = now + datetime.timedelta(days=2)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Keyhold interop"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def write(base, key, cert):
        with open(os.path.join(directory, base + ".key"), "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        with open(os.path.join(directory, base + ".crt"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("Keyhold interop test CA")
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    write("ca", ca_key, ca)

    def leaf(base, cn, usage, sans):
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(later)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, True, False, True, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        )
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        write(base, key, builder.sign(ca_key, hashes.SHA256()))

    leaf("server", "localhost", ExtendedKeyUsageOID.SERVER_AUTH, [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    leaf("client", "keyhold-interop", ExtendedKeyUsageOID.CLIENT_AUTH, None)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_config(directory, port):
    policies = os.path.join(directory, "policies")
    os.makedirs(policies, exist_ok=True)
    path = os.path.join(directory, "server.conf")
    settings = {
        "hostname": "127.0.0.1",
        "port": str(port),
        "certificate_path": os.path.join(directory, "server.crt"),
        "key_path": os.path.join(directory, "server.key"),
        "ca_path": os.path.join(directory, "ca.crt"),
        "auth_suite": "TLS1.2",
        "enable_tls_client_auth": "True",
        "policy_path": policies,
        "database_path": os.path.join(directory, "pykmip.db"),
        "logging_level": "DEBUG",
    }
    with open(path, "w") as f:
        f.write("[server]\n")
        for k, v in settings.items():
            f.write("{0}={1}\n".format(k, v))
    return path


def die_with_stdin():
    """Kills our process group (ourselves and PyKMIP's helper processes) once stdin closes."""
    def watch():
        try:
            # os.read, not sys.stdin: PyKMIP forks helper processes, and a fork while this thread
            # held the buffered reader's lock would deadlock the child closing its stdin.
            while os.read(0, 4096):
                pass
        finally:
            os.killpg(os.getpgrp(), signal.SIGKILL)
    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def serve(directory):
    os.setsid()
    die_with_stdin()
    from kmip.core import exceptions
    from kmip.services.server import server

    write_pki(directory)
    last = None
    for _ in range(5):
        port = free_port()
        config = write_config(directory, port)
        s = server.KmipServer(config_path=config, log_path=os.path.join(directory, "server.log"))
        try:
            s.start()
        except exceptions.NetworkingError as e:  # the port was taken meanwhile: try another
            last = e
            continue
        # serve() listens first thing; listening here already makes the ready line true.
        s._socket.listen(5)
        print(json.dumps({"port": port}), flush=True)
        s.serve()
        return 0
    print("could not bind a port: {0}".format(last), file=sys.stderr)
    return 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.check:
        why = missing()
        if why is not None:
            print(why)
            return 1
        return 0
    if not args.dir:
        parser.error("--dir is required")
    return serve(args.dir)


if __name__ == "__main__":
    sys.exit(main())
