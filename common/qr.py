"""QR codes as SVG (the qrcode package): a station's poster, a 述职's rating form."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
