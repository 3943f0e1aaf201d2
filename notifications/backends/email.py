import smtplib

from django.core.mail import BadHeaderError, send_mail

from . import Backend, Message, PermanentFailure, TemporaryFailure


class EmailBackend(Backend):
    """E-mail through Django's configured e-mail backend (EMAIL_URL)."""

    address_field = "email"

    def send(self, message: Message) -> str:
        try:
            send_mail(message.subject, "\n\n".join(filter(None, [message.text, message.link])), None, [message.address])
        except (smtplib.SMTPRecipientsRefused, BadHeaderError) as error:
            raise PermanentFailure(str(error)[:300]) from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(str(error)[:300]) from error
        return ""
