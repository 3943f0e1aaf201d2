"""企业微信 (WeCom): a group robot's webhook, or app messages to one person, by the documented
HTTP API (https://developer.work.weixin.qq.com/document/path/91770 and /90236)."""

from django.conf import settings
from django.core.cache import cache

from . import Backend, Message, PermanentFailure, TemporaryFailure
from .http import call

BUSY = {-1, 45009, 45033}  # system busy; over the frequency limit
TOKEN_STALE = {40014, 41001, 42001}  # the app's access token is wrong, missing or expired


def _text(message: Message) -> str:
    return "\n".join(filter(None, [message.text, message.link]))


def _check(answer: dict) -> None:
    code = answer.get("errcode")
    if code == 0:
        return
    error = f"{code}: {answer.get('errmsg', '')}"[:300]
    if code in BUSY:
        raise TemporaryFailure(error)
    raise PermanentFailure(error)


class WecomRobotBackend(Backend):
    """The committee's group robot posts the message and @-mentions the person by mobile."""

    address_field = "mobile"

    def send(self, message: Message) -> str:
        body = {"msgtype": "text", "text": {"content": _text(message), "mentioned_mobile_list": [message.address]}}
        _check(call("POST", settings.WECOM["robot_url"], json=body))
        return ""


class WecomAppBackend(Backend):
    """The committee's 企业微信 app sends the message to the person's own WeCom account."""

    address_field = "wecom_userid"
    TOKEN_KEY = "wecom:access-token"

    def _token(self) -> str:
        token = cache.get(self.TOKEN_KEY)
        if token:
            return token
        conf = settings.WECOM
        answer = call(
            "GET", f"{conf['api']}/cgi-bin/gettoken", params={"corpid": conf["corp_id"], "corpsecret": conf["secret"]}
        )
        _check(answer)
        token = answer["access_token"]
        cache.set(self.TOKEN_KEY, token, max(int(answer.get("expires_in", 7200)) - 300, 60))
        return token

    def send(self, message: Message) -> str:
        conf = settings.WECOM
        body = {
            "touser": message.address,
            "msgtype": "text",
            "agentid": int(conf["agent_id"]),
            "text": {"content": _text(message)},
        }
        answer = call("POST", f"{conf['api']}/cgi-bin/message/send", params={"access_token": self._token()}, json=body)
        if answer.get("errcode") in TOKEN_STALE:
            cache.delete(self.TOKEN_KEY)
            raise TemporaryFailure(f"{answer.get('errcode')}: {answer.get('errmsg', '')}"[:300])
        _check(answer)
        if answer.get("invaliduser"):
            raise PermanentFailure(f"invalid user: {answer['invaliduser']}"[:300])
        return str(answer.get("msgid", ""))
