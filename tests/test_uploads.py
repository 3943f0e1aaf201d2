"""Uploads: images, PDF and office files up to 20 MB, checked by name and by content."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from common.uploads import MAX_UPLOAD_BYTES, validate_upload


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("照片.jpg", b"\xff\xd8\xff\xe0"),
        ("图.PNG", b"\x89PNG\r\n\x1a\n"),
        ("函.pdf", b"%PDF-1.7"),
        ("图.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("表.xlsx", b"PK\x03\x04"),
        ("文.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ],
)
def test_real_images_pdfs_and_office_files_pass(name, head):
    validate_upload(SimpleUploadedFile(name, head + b"rest of the file"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ", "不是图片、PDF 或办公文档"),
        ("no_extension", b"%PDF", "不是图片、PDF 或办公文档"),
        ("renamed.pdf", b"MZ\x90\x00", "看起来不是真正的 PDF 文件"),
        ("renamed.docx", b"%PDF-1.4", "看起来不是真正的 DOCX 文件"),
        ("a-wav.webp", b"RIFF\x24\x00\x00\x00WAVEfmt ", "看起来不是真正的 WEBP 文件"),  # RIFF, but not WebP
    ],
)
def test_other_files_are_refused_with_a_chinese_reason(name, content, message):
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert message in error.value.messages[0]


def test_a_file_over_20_mb_is_refused():
    big = SimpleUploadedFile("大文件.pdf", b"%PDF" + b"0" * MAX_UPLOAD_BYTES)
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert "不能超过 20 MB" in error.value.messages[0]
