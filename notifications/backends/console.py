import sys

from . import Backend, Message


class ConsoleBackend(Backend):
    """Development: print what would be sent (like Django's console e-mail backend)."""

    def send(self, message: Message) -> str:
        sys.stdout.write(f"[{message.channel} → {message.address}] {message.text} {message.link}\n")
        sys.stdout.flush()
        return "console"


class WecomConsoleBackend(ConsoleBackend):
    address_field = "wecom_userid"
