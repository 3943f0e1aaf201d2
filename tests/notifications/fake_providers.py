"""A provider on loopback: an HTTP server that answers as Alibaba Cloud SMS and 企业微信 do, from a
script of answers per path, and keeps every request it got. The backends talk real HTTP to it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from notifications.backends.aliyun import sign

SECRET = "test-secret"

SUCCESS = {
    "/sms/": (200, {"Code": "OK", "Message": "OK", "BizId": "biz-1", "RequestId": "r"}),
    "/cgi-bin/gettoken": (200, {"errcode": 0, "errmsg": "ok", "access_token": "token-1", "expires_in": 7200}),
    "/cgi-bin/message/send": (200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": "m-1"}),
    "/cgi-bin/webhook/send": (200, {"errcode": 0, "errmsg": "ok"}),
}
THROTTLED_SMS = (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控"})
BAD_NUMBER_SMS = (400, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"})
SERVER_ERROR = (500, {"Code": "InternalError"})
WECOM_BUSY = (200, {"errcode": 45009, "errmsg": "api freq out of limit"})
WECOM_TOKEN_EXPIRED = (200, {"errcode": 42001, "errmsg": "access_token expired"})


class FakeProvider:
    def __init__(self):
        self.requests: list[dict] = []
        self.script: dict[str, list] = {}  # path → answers to give before succeeding
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = {
                    "method": self.command,
                    "path": parts.path,
                    "query": dict(parse_qsl(parts.query)),
                    "json": json.loads(body) if body else None,
                }
                provider.requests.append(request)
                queued = provider.script.get(parts.path) or []
                status, answer = queued.pop(0) if queued else SUCCESS[parts.path]
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def signature_ok(query: dict) -> bool:
        params = {k: v for k, v in query.items() if k != "Signature"}
        return sign(params, SECRET) == query.get("Signature")

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def on(self, path: str, *answers) -> None:
        self.script.setdefault(path, []).extend(answers)

    def got(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
