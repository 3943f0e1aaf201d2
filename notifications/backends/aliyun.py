"""Alibaba Cloud SMS (短信服务, SendSms), by its documented HTTP API with the RPC signature
(https://help.aliyun.com/document_detail/101343.html). We sign the request ourselves: the official
SDK (alibabacloud_dysmsapi20170525) pulls in a dozen packages for one GET request.

The text goes into an approved template: configure its code and sign name, with variables
``${title}`` and ``${link}`` (e.g. “【人大工委】${title}，详见 ${link}”).
"""

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings

from . import Backend, Message, PermanentFailure, TemporaryFailure
from .http import call

# Codes meaning "not now": flow control per number or account, the provider busy.
THROTTLED = {"isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "Throttling", "ServiceUnavailable", "isp.SYSTEM_ERROR"}


def _encode(value: str) -> str:
    return quote(str(value), safe="~")


def sign(params: dict, secret: str, method: str = "GET") -> str:
    """The RPC signature: HMAC-SHA1 over the method, "/" and the sorted, percent-encoded query."""
    query = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_encode('/')}&{_encode(query)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend(Backend):
    address_field = "mobile"

    def send(self, message: Message) -> str:
        conf = settings.ALIYUN_SMS
        params = {
            "AccessKeyId": conf["access_key_id"],
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.address,
            "RegionId": conf.get("region", "cn-hangzhou"),
            "SignName": conf["sign_name"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": conf["template_code"],
            "TemplateParam": json.dumps({"title": message.text, "link": message.link}, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = sign(params, conf["access_key_secret"])
        answer = call("GET", conf.get("endpoint", "https://dysmsapi.aliyuncs.com/"), params=params)
        code = answer.get("Code", "")
        if code == "OK":
            return str(answer.get("BizId", ""))
        error = f"{code}: {answer.get('Message', '')}"[:300]
        if code in THROTTLED:
            raise TemporaryFailure(error)
        raise PermanentFailure(error)
