#!/usr/bin/env python3
"""Local mocks of two Vietnamese remote-signing services, for hoso's tests only.

VNPT SmartCA (`/sca/sp769/v1/...`) and Viettel MySign (`/vtss/service/...`), in the request and
answer shapes `../shared/spec/signing.md` §2 gives. The key signs hashes on the mock's side, as
the services do; what the user does on the phone is chosen by the user id:

- `ok`      : the first status poll says "waiting", the next gives the signatures;
- `reject`  : the user refuses;
- `timeout` : the confirmation times out.

Usage: vendors.py PORT KEY.pem CHAIN.pem  (the signer's certificate first in CHAIN.pem).
Never a live call: nothing here reaches the network beyond the loopback.
"""
import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

PORT = int(sys.argv[1])
KEY = serialization.load_pem_private_key(open(sys.argv[2], "rb").read(), password=None)
CHAIN = [c.public_bytes(serialization.Encoding.DER) for c in x509.load_pem_x509_certificates(open(sys.argv[3], "rb").read())]
B64 = lambda b: base64.b64encode(b).decode()

# transaction id -> {"user": ..., "hashes": [(doc_id, bytes)], "polls": n}
TX = {}


def sign(digest):
    if isinstance(KEY, ec.EllipticCurvePrivateKey):
        return KEY.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    return KEY.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        p = self.path
        # VNPT SmartCA
        if p.startswith("/sca/sp769/"):
            if body.get("sp_id") != "unit" or body.get("sp_password") != "secret":
                return self.answer(401, {"status_code": 401, "message": "SP_CREDENTIAL_INVALID"})
            if p.endswith("/v1/credentials/get_certificate"):
                return self.answer(200, {"status_code": 200, "message": "SUCCESS", "data": {"user_certificates": [{
                    "service_type": "SMARTCA", "serial_number": "01", "cert_subject": "CN=test",
                    "cert_data": B64(CHAIN[0]),
                    "chain_data": {"ca_cert": B64(CHAIN[1]) if len(CHAIN) > 1 else None,
                                   "root_cert": B64(CHAIN[2]) if len(CHAIN) > 2 else None}}]}})
            if p.endswith("/v1/signatures/sign"):
                tx = body["transaction_id"]
                TX[tx] = {"user": body["user_id"], "polls": 0,
                          "hashes": [(f["doc_id"], bytes.fromhex(f["data_to_be_signed"])) for f in body["sign_files"]]}
                return self.answer(200, {"status_code": 200, "message": "sig_wait_for_user_confirm",
                                         "data": {"transaction_id": tx, "tran_code": "X" + tx[:6]}})
            if p.endswith("/status"):
                tx = p.split("/")[-2]
                t = TX[tx]
                t["polls"] += 1
                if t["user"] == "reject":
                    return self.answer(200, {"status_code": 200, "message": "sig_rejected_by_user", "data": {}})
                if t["user"] == "timeout":
                    return self.answer(200, {"status_code": 200, "message": "sig_expired", "data": {}})
                if t["polls"] < 2:
                    return self.answer(200, {"status_code": 200, "message": "sig_wait_for_user_confirm", "data": {}})
                return self.answer(200, {"status_code": 200, "message": "SUCCESS", "data": {"transaction_id": tx,
                    "signatures": [{"doc_id": d, "signature_value": B64(sign(h)), "timestamp_signature": None}
                                   for d, h in t["hashes"]]}})
        # Viettel MySign
        if p == "/vtss/service/ras/v1/login":
            if body.get("client_secret") != "secret":
                return self.answer(401, {"error": "invalid_client"})
            return self.answer(200, {"access_token": "tok-" + body["user_id"], "token_type": "Bearer",
                                     "expires_in": 3600, "refresh_token": ""})
        if p.startswith("/vtss/service/"):
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer tok-"):
                return self.answer(401, {"error": "unauthorized"})
            user = auth[len("Bearer tok-"):]
            if p.endswith("/certificates/info"):
                return self.answer(200, [{"credential_id": "cred-" + user, "cert": {"certificates": [B64(c) for c in CHAIN]},
                                          "authMode": "implicit", "scal": "2"}])
            if p.endswith("/signHash"):
                tx = "vt-%d" % (len(TX) + 1)
                TX[tx] = {"user": user, "polls": 0, "hashes": [(None, base64.b64decode(h)) for h in body["hash"]]}
                return self.answer(200, {"transactionId": tx})
            if p.endswith("/requests/status"):
                t = TX[body["transactionId"]]
                t["polls"] += 1
                if t["user"] == "reject":
                    return self.answer(200, {"status": 4002})
                if t["user"] == "timeout":
                    return self.answer(200, {"status": 4001})
                if t["polls"] < 2:
                    return self.answer(200, {"status": 4000})
                return self.answer(200, {"status": 1, "signatures": [B64(sign(h)) for _, h in t["hashes"]]})
        self.answer(404, {"message": "no such path " + p})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
