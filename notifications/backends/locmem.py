from . import Backend, Message

# What the tests' backends were asked to send, in order.
outbox: list[Message] = []


class LocmemBackend(Backend):
    """Tests: keep what would be sent in ``outbox`` (like Django's locmem e-mail backend)."""

    def send(self, message: Message) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"
