"""The PDF kit: text readable back (Latin and Arabic, our fonts), nothing fetched."""
import io
import socket

import pypdf

from shared.web.pdf import html_to_pdf


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_document_reads_back_in_french_and_arabic():
    text = text_of(html_to_pdf("<h1>Feuille d'émargement</h1><p dir='rtl'>ورقة الحضور</p>"))
    assert "Feuille d'émargement" in text
    assert "ورقة الحضور" in text


def test_a_document_fetches_nothing_from_the_network_nor_reads_outside_the_project():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    pdf = html_to_pdf(f'<p>ok</p><img src="http://127.0.0.1:{port}/logo.png">'
                      '<img src="file:///etc/hostname">')
    try:
        listener.accept()
        fetched = True
    except socket.timeout:
        fetched = False
    finally:
        listener.close()
    assert not fetched
    assert "ok" in text_of(pdf)
