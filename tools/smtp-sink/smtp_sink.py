"""A real SMTP server on loopback for duplistatus' e-mail tests (aiosmtpd).

Usage: smtp_sink.py MODE CERT KEY OUTDIR USER PASSWORD
MODE is starttls (STARTTLS required, AUTH after TLS) or ssl (implicit TLS).
Prints the bound port on stdout, then writes each received message to OUTDIR as
<n>.eml with <n>.json holding the envelope (mail_from, rcpt_tos, auth user).
"""
import asyncio
import json
import os
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "user": getattr(session, "duplistatus_user", None)}, f)
        return "250 Message accepted"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        if ok:
            session.duplistatus_user = user
        # handled=False: aiosmtpd itself answers 535 on a refusal.
        return AuthResult(success=ok, handled=False)
    return check


def main():
    mode, cert, key, outdir, user, password = sys.argv[1:7]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    # The controller checks readiness by connecting to its port, so it needs a real one: ask the kernel.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    kwargs = dict(hostname="127.0.0.1", port=port, authenticator=authenticator(user, password), auth_required=True)
    if mode == "ssl":
        controller = Controller(Sink(outdir), ssl_context=context, auth_require_tls=False, **kwargs)
    else:
        controller = Controller(Sink(outdir), tls_context=context, require_starttls=True, **kwargs)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
