"""What many tests share: a service's refusal, read in Chinese."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override


def refused(call, message: str) -> ValidationError:
    """``call()`` is refused with a ValidationError whose Chinese text contains ``message``."""
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages), error.value.messages
    return error.value
